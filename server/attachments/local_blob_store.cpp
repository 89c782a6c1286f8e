#include "server/attachments/local_blob_store.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <random>

namespace chatkit::server {

namespace fs = std::filesystem;

namespace {

constexpr std::string_view kPartMarker = ".part-";

Error io_error(std::string_view what, const fs::path& path, int error_number) {
  return make_error(ErrorCode::internal,
                    std::string(what) + " " + path.string() + ": " + std::strerror(error_number));
}

std::string random_suffix() {
  thread_local std::mt19937_64 generator{std::random_device{}()};
  static constexpr char kHex[] = "0123456789abcdef";
  std::string text;
  for (std::uint64_t bits = generator(); text.size() < 16; bits >>= 4) text += kHex[bits & 0xF];
  return text;
}

// Key characters: the service's own ("u0123.../atc_..."); nothing that names a parent or a device.
bool valid_key(std::string_view key) {
  if (key.empty() || key.size() > 200 || key.front() == '/' || key.find("..") != std::string_view::npos) return false;
  return std::all_of(key.begin(), key.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-' ||
           c == '/';
  });
}

class FileWriter final : public BlobWriter {
 public:
  FileWriter(int fd, fs::path part, fs::path target) : fd_(fd), part_(std::move(part)), target_(std::move(target)) {}
  ~FileWriter() override {
    if (fd_ >= 0) ::close(fd_);
    if (!committed_) {
      std::error_code ignored;
      fs::remove(part_, ignored);
    }
  }

  Status write(std::string_view bytes) override {
    while (!bytes.empty()) {
      const ssize_t n = ::write(fd_, bytes.data(), bytes.size());
      if (n < 0 && errno == EINTR) continue;
      if (n < 0) return io_error("cannot write", part_, errno);
      bytes.remove_prefix(static_cast<std::size_t>(n));
    }
    return ok_status();
  }

  // Flushed before the rename: after a crash the key names either the old bytes or all the new ones.
  Status commit() override {
    if (::fdatasync(fd_) != 0) return io_error("cannot flush", part_, errno);
    if (::close(fd_) != 0) {
      fd_ = -1;
      return io_error("cannot close", part_, errno);
    }
    fd_ = -1;
    if (::rename(part_.c_str(), target_.c_str()) != 0) return io_error("cannot rename", part_, errno);
    committed_ = true;
    return ok_status();
  }

 private:
  int fd_;
  fs::path part_;
  fs::path target_;
  bool committed_ = false;
};

class FileReader final : public BlobReader {
 public:
  FileReader(int fd, std::size_t size, fs::path path) : fd_(fd), size_(size), path_(std::move(path)) {}
  ~FileReader() override { ::close(fd_); }
  std::size_t size() const override { return size_; }
  Result<std::size_t> read(std::span<char> buffer) override {
    for (;;) {
      const ssize_t n = ::read(fd_, buffer.data(), buffer.size());
      if (n < 0 && errno == EINTR) continue;
      if (n < 0) return io_error("cannot read", path_, errno);
      return static_cast<std::size_t>(n);
    }
  }

 private:
  int fd_;
  std::size_t size_;
  fs::path path_;
};

}  // namespace

Result<std::unique_ptr<LocalBlobStore>> LocalBlobStore::in(const fs::path& directory) {
  std::error_code ec;
  fs::create_directories(directory, ec);
  if (ec) return make_error(ErrorCode::internal, "cannot create " + directory.string() + ": " + ec.message());
  // What an interrupted upload left behind can never be committed any more.
  for (auto it = fs::recursive_directory_iterator(directory, ec); !ec && it != fs::recursive_directory_iterator();
       it.increment(ec)) {
    if (it->is_regular_file(ec) && it->path().filename().string().find(kPartMarker) != std::string::npos) {
      std::error_code ignored;
      fs::remove(it->path(), ignored);
    }
  }
  return std::unique_ptr<LocalBlobStore>(new LocalBlobStore(directory));
}

Result<fs::path> LocalBlobStore::path_of(const std::string& key) const {
  if (!valid_key(key)) return make_error(ErrorCode::internal, "not a blob key: " + key);
  return directory_ / key;
}

Result<std::unique_ptr<BlobWriter>> LocalBlobStore::create(const std::string& key) {
  auto target = path_of(key);
  if (!target) return target.error();
  std::error_code ec;
  fs::create_directories(target->parent_path(), ec);
  if (ec) return make_error(ErrorCode::internal, "cannot create " + target->parent_path().string() + ": " + ec.message());
  fs::path part = target->string() + std::string(kPartMarker) + random_suffix();
  const int fd = ::open(part.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0) return io_error("cannot create", part, errno);
  return std::unique_ptr<BlobWriter>(std::make_unique<FileWriter>(fd, std::move(part), std::move(*target)));
}

Result<std::unique_ptr<BlobReader>> LocalBlobStore::open(const std::string& key) {
  auto path = path_of(key);
  if (!path) return path.error();
  const int fd = ::open(path->c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0 && errno == ENOENT) return make_error(ErrorCode::not_found, "no stored bytes for " + key);
  if (fd < 0) return io_error("cannot open", *path, errno);
  const off_t size = ::lseek(fd, 0, SEEK_END);
  if (size < 0 || ::lseek(fd, 0, SEEK_SET) != 0) {
    const int error_number = errno;
    ::close(fd);
    return io_error("cannot seek", *path, error_number);
  }
  return std::unique_ptr<BlobReader>(std::make_unique<FileReader>(fd, static_cast<std::size_t>(size), std::move(*path)));
}

Status LocalBlobStore::remove(const std::string& key) {
  auto path = path_of(key);
  if (!path) return path.error();
  if (::unlink(path->c_str()) != 0 && errno != ENOENT) return io_error("cannot remove", *path, errno);
  return ok_status();
}

Result<std::string> read_blob(BlobStore& store, const std::string& key, std::size_t max_bytes) {
  auto reader = store.open(key);
  if (!reader) return reader.error();
  std::string bytes(std::min(max_bytes, (*reader)->size()), '\0');
  std::size_t filled = 0;
  while (filled < bytes.size()) {
    auto n = (*reader)->read(std::span<char>(bytes.data() + filled, bytes.size() - filled));
    if (!n) return n.error();
    if (*n == 0) break;
    filled += *n;
  }
  bytes.resize(filled);
  return bytes;
}

}  // namespace chatkit::server
