#include "http_client_stand_in.hpp"

#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <filesystem>
#include <thread>

#include "server/integration/http_client.hpp"
#include "server/integration/process.hpp"

namespace chatkit::testing {

StandIn& StandIn::shared() {
  static StandIn stand_in;
  return stand_in;
}

StandIn::StandIn() {
  const auto log_path = std::filesystem::temp_directory_path() /
                        ("chatkit_stand_in_" + std::to_string(::getpid()) + ".log");
  const std::vector<std::string> args{CHATKIT_STAND_IN};
  process_ = std::make_unique<ServerProcess>(CHATKIT_STAND_IN_NODE, args, log_path);
  port_ = process_->wait_listening(std::chrono::seconds(20));
  if (port_ == 0) throw std::runtime_error("the stand-in did not start: " + process_->stderr_text());
}

StandIn::~StandIn() = default;  // kills the child

json StandIn::control(const std::string& method, const std::string& target, const std::string& body) {
  const HttpResponse response = http_request(port_, method, target, body, {{"content-type", "application/json"}});
  if (response.status != 200) {
    throw std::runtime_error(method + " " + target + " answered " + std::to_string(response.status) + ": " +
                             response.body);
  }
  return response.json_body();
}

void StandIn::reset() { control("POST", "/_reset", "{}"); }

void StandIn::script(const json& responses) { control("POST", "/_script", responses.dump()); }

void StandIn::token_settings(const json& settings) { control("POST", "/_token_settings", settings.dump()); }

json StandIn::log() { return control("GET", "/_log", ""); }

bool StandIn::wait_aborted(std::size_t index, std::chrono::milliseconds within) {
  const auto deadline = std::chrono::steady_clock::now() + within;
  for (;;) {
    const json entries = log();
    if (entries.size() > index && entries[index].value("aborted", false)) return true;
    if (std::chrono::steady_clock::now() >= deadline) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));  // polling the stand-in's log
  }
}

std::uint16_t closed_port() {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  address.sin_port = 0;
  ::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address);
  socklen_t length = sizeof address;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length);
  ::close(fd);
  return ntohs(address.sin_port);
}

}  // namespace chatkit::testing
