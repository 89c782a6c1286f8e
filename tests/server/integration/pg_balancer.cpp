#include "pg_balancer.hpp"

#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <thread>

#include "http_client.hpp"
#include "support/postgres_fixture.hpp"

namespace chatkit::testing {

namespace fs = std::filesystem;

fs::path make_shared_temp_dir(const std::string& tag) {
  auto path = fs::temp_directory_path() / (tag + "_" + std::to_string(::getpid()));
  fs::create_directories(path);
  fs::permissions(path, fs::perms::all);
  return path;
}

std::uint16_t free_port() {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address);
  socklen_t length = sizeof address;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length);
  ::close(fd);
  return ntohs(address.sin_port);
}

std::string postgres_uri(const std::string& keywords, std::string_view password) {
  const auto dbname = keywords.substr(keywords.find("dbname=") + 7);
  return "postgresql://chatkit:" + std::string(password) + "@/" + dbname + "?host=" +
         PostgresCluster::instance().socket_dir();
}

std::string balancer_conf(const fs::path& prefix, std::uint16_t listen, const std::vector<std::uint16_t>& upstreams) {
  std::string servers;
  for (auto port : upstreams) servers += "    server 127.0.0.1:" + std::to_string(port) + ";\n";
  const std::string p = prefix.string();
  return "daemon off;\nmaster_process on;\nworker_processes 1;\npid " + p + "/nginx.pid;\nerror_log " + p +
         "/error.log warn;\nevents { worker_connections 256; }\nhttp {\n  access_log off;\n"
         "  client_body_temp_path " + p + "/body; proxy_temp_path " + p + "/proxy; fastcgi_temp_path " + p +
         "/fastcgi;\n  uwsgi_temp_path " + p + "/uwsgi; scgi_temp_path " + p + "/scgi;\n"
         "  upstream chatkit {\n" + servers + "  }\n"
         "  server {\n    listen 127.0.0.1:" + std::to_string(listen) + ";\n"
         "    location / {\n      proxy_pass http://chatkit;\n      proxy_http_version 1.1;\n"
         "      proxy_set_header Host $http_host;\n      proxy_set_header Connection \"\";\n"
         "      proxy_buffering off;\n      proxy_read_timeout 60s;\n    }\n  }\n}\n";
}

nlohmann::json protocol_request(const std::string& type, nlohmann::json params) {
  return nlohmann::json{{"type", type}, {"params", std::move(params)}};
}

nlohmann::json text_input(const std::string& text) {
  return nlohmann::json{{"content", nlohmann::json::array({{{"type", "input_text"}, {"text", text}}})},
                        {"attachments", nlohmann::json::array()},
                        {"inference_options", nlohmann::json::object()}};
}

Balancer::Balancer(const fs::path& dir, const std::vector<std::uint16_t>& upstreams) : port_(free_port()) {
  std::ofstream(dir / "nginx.conf") << balancer_conf(dir, port_, upstreams);
  nginx_ = std::make_unique<ServerProcess>(
      "/usr/sbin/nginx", std::vector<std::string>{"-p", dir.string(), "-c", (dir / "nginx.conf").string()},
      dir / "nginx.stderr");
  for (int attempt = 0; attempt < 100 && http_request(port_, "GET", "/healthz").status != 200; ++attempt) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
}

Balancer::~Balancer() {
  nginx_->signal(SIGQUIT);  // the master stops its workers (a SIGKILL would leave them behind)
  nginx_->wait_exit(std::chrono::seconds(5));
}

}  // namespace chatkit::testing
