#include "core/sse.hpp"
