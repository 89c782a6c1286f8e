#include "core/reducer.hpp"
