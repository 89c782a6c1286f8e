#include "core/widget/diff.hpp"
