#include "process.hpp"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <fstream>
#include <sstream>
#include <thread>

extern char** environ;

namespace chatkit::testing {

std::string server_binary() {
#ifdef CHATKIT_SERVER_BINARY
  return CHATKIT_SERVER_BINARY;
#else
  return "chatkit-server";
#endif
}

ServerProcess::ServerProcess(const std::string& binary, const std::vector<std::string>& args,
                             const std::filesystem::path& stderr_path)
    : stderr_path_(stderr_path) {
  int out[2];
  if (::pipe2(out, O_CLOEXEC) != 0) return;
  const int err = ::open(stderr_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, out[1], STDOUT_FILENO);
  if (err >= 0) posix_spawn_file_actions_adddup2(&actions, err, STDERR_FILENO);
  std::vector<std::string> argv_strings{binary};
  argv_strings.insert(argv_strings.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (auto& arg : argv_strings) argv.push_back(arg.data());
  argv.push_back(nullptr);
  pid_t pid = -1;
  if (posix_spawn(&pid, binary.c_str(), &actions, nullptr, argv.data(), environ) == 0) pid_ = pid;
  posix_spawn_file_actions_destroy(&actions);
  ::close(out[1]);
  if (err >= 0) ::close(err);
  stdout_fd_ = out[0];
}

ServerProcess::~ServerProcess() {
  if (pid_ > 0 && !exit_status_) {
    ::kill(pid_, SIGKILL);
    int status = 0;
    ::waitpid(pid_, &status, 0);
  }
  if (stdout_fd_ >= 0) ::close(stdout_fd_);
}

std::optional<std::string> ServerProcess::read_line(std::chrono::milliseconds within) {
  const auto deadline = std::chrono::steady_clock::now() + within;
  for (;;) {
    const auto newline = stdout_buffer_.find('\n');
    if (newline != std::string::npos) {
      std::string line = stdout_buffer_.substr(0, newline);
      stdout_buffer_.erase(0, newline + 1);
      return line;
    }
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0 || stdout_fd_ < 0) return std::nullopt;
    pollfd p{.fd = stdout_fd_, .events = POLLIN, .revents = 0};
    const int ready = ::poll(&p, 1, static_cast<int>(left.count()));
    if (ready < 0 && errno == EINTR) continue;
    if (ready <= 0) return std::nullopt;
    char chunk[1024];
    const auto n = ::read(stdout_fd_, chunk, sizeof chunk);
    if (n <= 0) return std::nullopt;  // EOF: the process closed stdout (exited)
    stdout_buffer_.append(chunk, static_cast<std::size_t>(n));
  }
}

std::uint16_t ServerProcess::wait_listening(std::chrono::milliseconds within) {
  auto line = read_line(within);
  const std::string prefix = "listening on http://127.0.0.1:";
  if (!line || !line->starts_with(prefix)) return 0;
  return static_cast<std::uint16_t>(std::stoi(line->substr(prefix.size())));
}

void ServerProcess::signal(int signo) {
  if (pid_ > 0 && !exit_status_) ::kill(pid_, signo);
}

std::optional<int> ServerProcess::wait_exit(std::chrono::milliseconds within) {
  if (exit_status_) return exit_status_;
  if (pid_ <= 0) return std::nullopt;
  const auto deadline = std::chrono::steady_clock::now() + within;
  for (;;) {
    int status = 0;
    const pid_t done = ::waitpid(pid_, &status, WNOHANG);
    if (done == pid_) {
      exit_status_ = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
      return exit_status_;
    }
    if (done < 0 && errno != EINTR) return std::nullopt;
    if (std::chrono::steady_clock::now() >= deadline) return std::nullopt;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));  // polling waitpid, not an assertion
  }
}

std::string ServerProcess::stderr_text() const {
  std::ifstream in(stderr_path_);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

}  // namespace chatkit::testing
