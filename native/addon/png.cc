// Glue for core/png_rows: filter PNG scanlines and checksum them on the pool, one band of rows per
// task, the band checksums combined in order. Sync only: it is a few milliseconds for 16 MB.
#include <vector>

#include "addon/args.h"
#include "addon/png.h"
#include "addon/state.h"
#include "core/png_rows.h"

namespace hotloop {

namespace {

constexpr std::size_t kBandBytes = 1 << 20;

// pngScanlines(pixels: Uint8Array(stride*height), stride, height, filter, out: Uint8Array((stride+1)*height), threads) -> adler32
Napi::Value PngScanlines(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  auto pixels = SpanArg<uint8_t>(info, 0, napi_uint8_array, "pixels");
  double stride_arg = NumberArg(info, 1, "stride");
  double height_arg = NumberArg(info, 2, "height");
  double filter_arg = NumberArg(info, 3, "filter");
  auto out = SpanArg<uint8_t>(info, 4, napi_uint8_array, "out");
  unsigned threads = ThreadsArg(info, 5);
  if (!(stride_arg >= 1 && height_arg >= 1 && stride_arg <= 4294967295.0 && height_arg <= 4294967295.0) ||
      (filter_arg != kPngFilterNone && filter_arg != kPngFilterUp)) {
    ThrowRange(env, "hotloop native: pngScanlines stride, height or filter");
  }
  std::size_t stride = static_cast<std::size_t>(stride_arg), height = static_cast<std::size_t>(height_arg);
  int filter = static_cast<int>(filter_arg);
  if (pixels.length != stride * height || out.length != (stride + 1) * height) {
    ThrowRange(env, "hotloop native: pngScanlines lengths");
  }
  std::size_t rows = (kBandBytes + stride) / (stride + 1);
  std::size_t bands = (height + rows - 1) / rows;
  std::vector<uint32_t> sums(bands);
  State(env).pool.parallel_for(bands, 1, threads, [&](std::size_t begin, std::size_t end) {
    for (std::size_t k = begin; k < end; ++k) {
      std::size_t first = k * rows, last = first + rows < height ? first + rows : height;
      sums[k] = png_filter_rows(pixels.data, stride, first, last, filter, out.data + first * (stride + 1));
    }
  });
  uint32_t adler = sums[0];
  for (std::size_t k = 1; k < bands; ++k) {
    std::size_t first = k * rows, last = first + rows < height ? first + rows : height;
    adler = adler32_combine(adler, sums[k], static_cast<uint64_t>(last - first) * (stride + 1));
  }
  return Napi::Number::New(env, adler);
}

}  // namespace

void RegisterPng(Napi::Env env, Napi::Object exports) {
  exports.Set("pngScanlines", Napi::Function::New(env, PngScanlines));
}

}  // namespace hotloop
