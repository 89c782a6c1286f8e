#include "server/chatkit/thread_claims.hpp"

namespace chatkit::server {

ThreadClaims::Claim& ThreadClaims::Claim::operator=(Claim&& other) noexcept {
  if (this != &other) {
    release();
    owner_ = other.owner_;
    thread_id_ = std::move(other.thread_id_);
    other.owner_ = nullptr;
  }
  return *this;
}

void ThreadClaims::Claim::release() {
  if (owner_) owner_->give_back(thread_id_);
  owner_ = nullptr;
}

std::optional<ThreadClaims::Claim> ThreadClaims::try_claim(const std::string& thread_id, const std::string& run_id) {
  std::lock_guard lock(mutex_);
  if (!running_.emplace(thread_id, run_id).second) return std::nullopt;
  return Claim(this, thread_id);
}

bool ThreadClaims::busy(const std::string& thread_id) const {
  std::lock_guard lock(mutex_);
  return running_.contains(thread_id);
}

std::optional<std::string> ThreadClaims::active_run(const std::string& thread_id) const {
  std::lock_guard lock(mutex_);
  const auto found = running_.find(thread_id);
  if (found == running_.end()) return std::nullopt;
  return found->second;
}

void ThreadClaims::give_back(const std::string& thread_id) {
  std::lock_guard lock(mutex_);
  running_.erase(thread_id);
}

}  // namespace chatkit::server
