#pragma once
// The real chatkit-server binary as a child process: spawned with arguments, its
// "listening on http://127.0.0.1:PORT" line read from stdout, signalled, and waited for.
#include <sys/types.h>

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace chatkit::testing {

// The path CMake passed in CHATKIT_SERVER_BINARY.
std::string server_binary();

class ServerProcess {
 public:
  // Starts `binary args...`; stderr goes to `stderr_path` (a file, so it can never fill a pipe).
  ServerProcess(const std::string& binary, const std::vector<std::string>& args,
                const std::filesystem::path& stderr_path);
  ~ServerProcess();  // kills (SIGKILL) and reaps a child that is still running
  ServerProcess(const ServerProcess&) = delete;
  ServerProcess& operator=(const ServerProcess&) = delete;

  bool started() const { return pid_ > 0; }
  pid_t pid() const { return pid_; }

  // The first stdout line, read within `within` (nullopt when the process printed nothing).
  std::optional<std::string> read_line(std::chrono::milliseconds within);
  // Reads the "listening on http://127.0.0.1:PORT" line and returns PORT (0 when it never came).
  std::uint16_t wait_listening(std::chrono::milliseconds within = std::chrono::seconds(20));

  void signal(int signo);
  // The exit status: the exit code, or 128 + signal number when killed; nullopt when the process
  // has not ended within `within`.
  std::optional<int> wait_exit(std::chrono::milliseconds within);

  std::string stderr_text() const;

 private:
  pid_t pid_ = -1;
  int stdout_fd_ = -1;
  std::string stdout_buffer_;
  std::filesystem::path stderr_path_;
  std::optional<int> exit_status_;
};

}  // namespace chatkit::testing
