#pragma once
// Thread titles without a model (docs/PROTOCOL.md §8.5): the first words of the first message, and the
// clean-up applied to a model's title too.
#include <string>
#include <string_view>

namespace chatkit::server {

// "add buy milk please, and then call mom" → "Add buy milk please, and then…" (at most 6 words, 48 bytes).
std::string derive_title(std::string_view message);
// A model's title without quotes, markdown, a "Title:" prefix, line breaks or a final period.
std::string clean_title(std::string_view title);

}  // namespace chatkit::server
