#include "core/protocol/codec.hpp"

#include <vector>

namespace chatkit::codec {

std::string Path::str() const {
  std::vector<const Path*> chain;
  for (const Path* p = this; p != nullptr && p->parent_ != nullptr; p = p->parent_) chain.push_back(p);
  std::string out = "$";
  for (auto it = chain.rbegin(); it != chain.rend(); ++it) {
    if ((*it)->index_ != kNoIndex) {
      // Appended piecewise: GCC 12 at -O3 warns falsely (-Wrestrict) on "[" + s + "]".
      out += '[';
      out += std::to_string((*it)->index_);
      out += ']';
    } else {
      out += ".";
      out += (*it)->key_;
    }
  }
  return out;
}

void fail(const Path& path, std::string reason) { throw DecodeFailure{path.str(), std::move(reason)}; }

void fail_kind(const Path& path, std::string_view expected, const json& got) {
  fail(path, "expected " + std::string(expected) + ", got " + std::string(json_kind(got)));
}

}  // namespace chatkit::codec
