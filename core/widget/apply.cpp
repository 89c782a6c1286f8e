#include "core/widget/apply.hpp"
