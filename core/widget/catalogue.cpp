#include "core/widget/catalogue.hpp"
