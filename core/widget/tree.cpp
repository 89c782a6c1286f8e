#include "core/widget/tree.hpp"
