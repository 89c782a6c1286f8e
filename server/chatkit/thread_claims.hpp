#pragma once
// One answer at a time per thread, within this process: a stream that makes the model answer
// claims its thread when it is prepared and gives it back when its run ends. A second such request
// on a thread whose answer is still being written is refused with thread_busy (409) instead of
// interleaving two answers, or saving a late answer to a message that a retry has deleted meanwhile.
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

namespace chatkit::server {

class ThreadClaims {
 public:
  // Held while a stream runs; gives the thread back when destroyed. Move-only.
  class Claim {
   public:
    Claim() = default;
    Claim(Claim&& other) noexcept : owner_(other.owner_), thread_id_(std::move(other.thread_id_)) { other.owner_ = nullptr; }
    Claim& operator=(Claim&& other) noexcept;
    Claim(const Claim&) = delete;
    Claim& operator=(const Claim&) = delete;
    ~Claim() { release(); }
    // True while it holds a thread (a default-constructed or released claim holds none).
    bool held() const { return owner_ != nullptr; }

   private:
    friend class ThreadClaims;
    Claim(ThreadClaims* owner, std::string thread_id) : owner_(owner), thread_id_(std::move(thread_id)) {}
    void release();
    ThreadClaims* owner_ = nullptr;
    std::string thread_id_;
  };

  // The claim for run `run_id`, or nullopt when a stream already runs on the thread. Thread-safe.
  std::optional<Claim> try_claim(const std::string& thread_id, const std::string& run_id);
  bool busy(const std::string& thread_id) const;
  // The run that holds the thread's claim (docs/PROTOCOL.md §4.7), if any.
  std::optional<std::string> active_run(const std::string& thread_id) const;

 private:
  void give_back(const std::string& thread_id);

  mutable std::mutex mutex_;
  std::unordered_map<std::string, std::string> running_;  // thread id → run id
};

}  // namespace chatkit::server
