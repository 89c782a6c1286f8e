#pragma once
// The per-request context every store call receives (docs/PROTOCOL.md §7.4): who is asking, and in
// which locale. The store scopes every read and write by `user_id`.
#include <string>

namespace chatkit::server {

struct RequestContext {
  std::string user_id;
  std::string locale;
};

}  // namespace chatkit::server
