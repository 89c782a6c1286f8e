#include "server/store/postgres/pg_listener.hpp"

namespace chatkit::server::pg {

namespace {

// How long one wait lasts: how soon the thread notices it should stop.
constexpr std::chrono::milliseconds kWait{200};
constexpr std::chrono::seconds kReconnectAfter{1};

}  // namespace

Listener::Listener(ConnectionOptions options, std::string channel, OnPayload on_payload)
    : options_(std::move(options)), channel_(std::move(channel)), on_payload_(std::move(on_payload)),
      thread_([this] { listen_until_stopped(); }) {}

Listener::~Listener() {
  stopping_ = true;
  thread_.join();
}

void Listener::listen_until_stopped() {
  while (!stopping_) {
    auto connection = Connection::connect(options_);
    if (connection && (*connection)->execute_script("LISTEN " + channel_)) {
      while (!stopping_) {
        auto payloads = (*connection)->notifications(kWait);
        if (!payloads) break;  // lost: connect again
        for (const auto& payload : *payloads) on_payload_(payload);
      }
    }
    for (auto waited = std::chrono::milliseconds(0); !stopping_ && waited < kReconnectAfter; waited += kWait) {
      std::this_thread::sleep_for(kWait);
    }
  }
}

}  // namespace chatkit::server::pg
