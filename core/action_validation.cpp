#include "core/action_validation.hpp"
