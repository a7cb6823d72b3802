// The one pattern every heavy native call uses: run `work` now (the Sync form) or on libuv's pool
// behind a Promise (the async form). The async form keeps a reference to every JS value in `hold`
// (the typed arrays the work reads and writes) until the Promise settles, and `work` never touches
// a JS value. A hotloop::Cancelled thrown by the work becomes an AbortError, any other exception an Error.
#pragma once

#include <napi.h>

#include <functional>
#include <vector>

namespace hotloop {

using Work = std::function<void()>;

// Sync: runs `work` on this thread and returns undefined. Async: returns a Promise of undefined.
Napi::Value Run(Napi::Env env, bool async, std::vector<Napi::Value> hold, Work work);

}  // namespace hotloop
