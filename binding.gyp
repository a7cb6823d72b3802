{
  "targets": [
    {
      "target_name": "hotloop",
      "sources": ["<!@(node scripts/list-sources.mjs)"],
      "include_dirs": ["<!(node -p \"require('node-addon-api').include_dir\")", "native"],
      "defines": ["NAPI_VERSION=8", "NODE_ADDON_API_DISABLE_DEPRECATED", "NAPI_CPP_EXCEPTIONS", "NODE_API_SWALLOW_UNTHROWABLE_EXCEPTIONS"],
      "cflags!": ["-fno-exceptions", "-O2", "-O3"],
      "cflags_cc!": ["-fno-exceptions", "-fno-rtti", "-O2", "-std=gnu++1y", "-std=gnu++17"],
      "cflags": ["-O3", "-ffp-contract=off", "-fvisibility=hidden", "-fno-math-errno"],
      "cflags_cc": ["-std=c++17", "-O3", "-ffp-contract=off", "-fvisibility=hidden", "-fexceptions", "-fno-math-errno"],
      "ldflags": ["-pthread"],
      "conditions": [
        ["OS=='linux'", {
          "ldflags": ["-static-libstdc++", "-Wl,--exclude-libs,ALL", "-Wl,--version-script=<(module_root_dir)/native/platform/exports.map"]
        }]
      ],
      "xcode_settings": {
        "GCC_ENABLE_CPP_EXCEPTIONS": "YES",
        "CLANG_CXX_LANGUAGE_STANDARD": "c++17",
        "GCC_SYMBOLS_PRIVATE_EXTERN": "YES",
        "OTHER_CFLAGS": ["-O3", "-ffp-contract=off"]
      },
      "msvs_settings": { "VCCLCompilerTool": { "ExceptionHandling": 1, "AdditionalOptions": ["/std:c++17", "/fp:precise"] } }
    }
  ]
}
