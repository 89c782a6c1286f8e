#include "server/store/store.hpp"

namespace chatkit::server {

std::vector<Status> Store::write_batch(const std::vector<Write>& writes) {
  std::vector<const Write*> pointers;
  pointers.reserve(writes.size());
  for (const auto& write : writes) pointers.push_back(&write);
  return write_batch(pointers);
}

}  // namespace chatkit::server
