#pragma once
// The text of a JWKS document from where --auth-jwks says: an http(s) URL, fetched with libcurl
// under a short timeout, or a file path.
#include <chrono>
#include <string>

#include "core/result.hpp"

namespace chatkit::server {

// True for "http://..." and "https://...": those are fetched, anything else is a file path.
bool is_jwks_url(const std::string& location);

// The document, or an error naming the location and what failed (unreachable, non-2xx, too big,
// unreadable file). Documents over 1 MiB are refused.
chatkit::Result<std::string> fetch_jwks_text(const std::string& location, std::chrono::milliseconds timeout);

}  // namespace chatkit::server
