#include "core/widget/validate.hpp"
