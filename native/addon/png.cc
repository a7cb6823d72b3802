// Glue for core/png_rows: filter PNG scanlines and checksum them on the pool, one band of rows per
// piece, the band checksums combined in order. Sync only: it is a few milliseconds for 16 MB.
#include <vector>

#include "addon/kernel.h"
#include "addon/modules.h"
#include "addon/state.h"
#include "core/huge_pages.h"
#include "core/png_rows.h"

namespace hotloop {

namespace {

constexpr std::size_t kBandBytes = 1 << 20;

// pngScanlines(pixels: Uint8Array(stride*height), out: Uint8Array((stride+1)*height), stride, height, filter, threads) -> adler32
Napi::Value PngScanlines(Args& args) {
  auto pixels = args.Array<uint8_t>("pixels");
  auto out = args.Array<uint8_t>("out");
  double stride_arg = args.Number("stride");
  double height_arg = args.Number("height");
  double filter_arg = args.Number("filter");
  unsigned threads = args.Threads();
  if (!(stride_arg >= 1 && height_arg >= 1 && stride_arg <= 4294967295.0 && height_arg <= 4294967295.0) ||
      (filter_arg != kPngFilterNone && filter_arg != kPngFilterUp)) {
    args.Fail("stride, height or filter out of range");
  }
  std::size_t stride = static_cast<std::size_t>(stride_arg), height = static_cast<std::size_t>(height_arg);
  int filter = static_cast<int>(filter_arg);
  if (pixels.length != stride * height || out.length != (stride + 1) * height) {
    args.Fail("lengths of pixels and out disagree with stride and height");
  }
  advise_huge_pages(out.data, out.length);  // a fresh output, as julia.cc's
  std::size_t rows = (kBandBytes + stride) / (stride + 1);
  std::size_t bands = (height + rows - 1) / rows;
  std::vector<uint32_t> sums(bands);
  State(args.Env()).pool.each(bands, 1, threads, [&](std::size_t begin, std::size_t end) {
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
  return Napi::Number::New(args.Env(), adler);
}

}  // namespace

void RegisterPng(Napi::Env env, Napi::Object exports) {
  static const Function scanlines{{"pngScanlines", {"pixels", "out", "stride", "height", "filter", "threads"}}, PngScanlines};
  Register(env, exports, scanlines);
}

}  // namespace hotloop
