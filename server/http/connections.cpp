#include "server/http/connections.hpp"

#include <vector>

namespace chatkit::server {

ConnectionHandle::ConnectionHandle(Connections& owner, std::uint64_t id, beast::tcp_stream& stream)
    : owner_(owner), id_(id), stream_(stream), executor_(stream.get_executor()) {}

ConnectionHandle::~ConnectionHandle() { owner_.remove(id_); }

void ConnectionHandle::close_on_own_thread(CloseWhich which) {
  if (which == CloseWhich::idle && busy_) return;
  beast::error_code ignored;
  stream_.socket().shutdown(tcp::socket::shutdown_both, ignored);
  stream_.socket().close(ignored);
}

std::shared_ptr<ConnectionHandle> Connections::add(beast::tcp_stream& stream) {
  std::lock_guard lock(mutex_);
  auto handle = std::make_shared<ConnectionHandle>(*this, next_id_, stream);
  open_.emplace(next_id_++, handle);
  return handle;
}

void Connections::remove(std::uint64_t id) {
  std::lock_guard lock(mutex_);
  open_.erase(id);
}

std::size_t Connections::size() const {
  std::lock_guard lock(mutex_);
  return open_.size();
}

void Connections::begin_shutdown() {
  stopping_ = true;
  close_each(CloseWhich::idle);
}

void Connections::close_all() { close_each(CloseWhich::all); }

void Connections::close_each(CloseWhich which) {
  std::vector<std::weak_ptr<ConnectionHandle>> handles;
  {
    std::lock_guard lock(mutex_);
    for (const auto& [id, handle] : open_) handles.push_back(handle);
  }
  // Each close runs on its connection's I/O thread, never while holding the lock.
  for (auto& weak : handles) {
    auto handle = weak.lock();
    if (!handle) continue;
    net::post(handle->executor_, [weak, which] {
      if (auto h = weak.lock()) h->close_on_own_thread(which);
    });
  }
}

}  // namespace chatkit::server
