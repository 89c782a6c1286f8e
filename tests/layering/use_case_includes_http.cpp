// A use case that reaches for the HTTP layer. It is built with exactly a use case's usage
// requirements (it links chatkit_app, as use_cases/*/CMakeLists.txt do), and must not compile:
// the HTTP headers are not on its include path (cmake/layers.cmake). tests/CMakeLists.txt builds
// it and expects the compiler to say that it cannot find the header.
#include "server/chatkit/use_case.hpp"  // allowed: what a use case is written against
#include "server/http/edge.hpp"         // not allowed

int layering_probe_use_case() { return 0; }
