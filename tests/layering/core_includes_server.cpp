// Code with core's usage requirements (it links chatkit_core only) reaching for the server's
// clock. It must not compile: core sees its own headers and nlohmann/json, nothing else.
#include "core/ids.hpp"                 // allowed
#include "server/common/clock.hpp"      // not allowed

int layering_probe_core() { return 0; }
