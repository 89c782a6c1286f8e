#include "server/attachments/attachment_service.hpp"

#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <fstream>

#include <gtest/gtest.h>

#include "core/protocol/responses.hpp"
#include "server/attachments/local_blob_store.hpp"
#include "server/store/sqlite.hpp"
#include "server/store/sqlite_store.hpp"
#include "support/media_samples.hpp"

namespace chatkit::server {
namespace {

namespace fs = std::filesystem;
using namespace chatkit::testing;

const RequestContext kAlice{.user_id = "alice", .locale = "", .base_url = "http://chat.test"};
const RequestContext kBob{.user_id = "bob", .locale = "", .base_url = "http://chat.test"};
const std::string kKey(32, 'k');

std::string query_of(const std::string& url) { return url.substr(url.find('?') + 1); }

// The store, the disk and the service, in a directory of their own; the clock is the test's.
class AttachmentServiceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    static std::atomic<int> counter{0};
    dir_ = fs::temp_directory_path() / ("chatkit_attachments_" + std::to_string(::getpid()) + "_" + std::to_string(counter++));
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    store_ = std::move(SqliteStore::open((dir_ / "db.sqlite").string()).value());
    blobs_ = std::move(LocalBlobStore::in(dir_ / "blobs").value());
    make_service(kDefaultMaxAttachmentBytes);
  }
  void TearDown() override {
    service_.reset();
    store_.reset();
    std::error_code ignored;
    fs::remove_all(dir_, ignored);
  }
  void make_service(std::size_t max_bytes) {
    service_ = std::make_unique<AttachmentService>(
        *store_, *blobs_, UrlSigner(kKey),
        AttachmentServiceOptions{.policy = AttachmentPolicy::parse(kDefaultAttachmentTypes, max_bytes).value(),
                                 .ttl = std::chrono::seconds(100),
                                 .clock = [this] { return now_; }});
  }

  Attachment create(const std::string& name, std::size_t size, const std::string& type, const RequestContext& who = kAlice) {
    auto created = service_->create({.name = name, .size = static_cast<std::int64_t>(size), .mime_type = type}, who);
    EXPECT_TRUE(created) << describe(created.error());
    return *created;
  }

  // Uploads `bytes` as the raw body of a created attachment's upload URL.
  Result<Attachment> upload(const Attachment& created, const std::string& bytes, const std::string& content_type = "",
                            std::optional<std::string> user = std::nullopt) {
    const auto& common = attachment_common(created);
    auto begun = service_->begin_signed_upload(common.id, query_of(common.upload_descriptor->url), user, "http://chat.test");
    if (!begun) return begun.error();
    if (auto status = (*begun)->describe("", content_type); !status) return status.error();
    if (auto status = (*begun)->write(bytes); !status) return status.error();
    return (*begun)->finish();
  }

  Result<Attachment> direct(const std::string& name, const std::string& type, const std::string& bytes,
                            const RequestContext& who = kAlice) {
    auto begun = service_->begin_direct_upload(who);
    if (!begun) return begun.error();
    if (auto status = (*begun)->describe(name, type); !status) return status.error();
    for (std::size_t at = 0; at < bytes.size(); at += 1000) {
      if (auto status = (*begun)->write(std::string_view(bytes).substr(at, 1000)); !status) return status.error();
    }
    return (*begun)->finish();
  }

  std::size_t blob_files() {
    std::size_t n = 0;
    for (const auto& entry : fs::recursive_directory_iterator(dir_ / "blobs")) n += entry.is_regular_file();
    return n;
  }

  long attachment_rows() {
    auto db = sqlite::Database::open((dir_ / "db.sqlite").string()).value();
    auto statement = db.prepare("SELECT count(*) FROM attachments").value();
    (void)statement.step();
    return static_cast<long>(statement.column_int(0));
  }

  fs::path dir_;
  std::int64_t now_ = 1'700'000'000;
  std::unique_ptr<SqliteStore> store_;
  std::unique_ptr<LocalBlobStore> blobs_;
  std::unique_ptr<AttachmentService> service_;
};

TEST_F(AttachmentServiceTest, CreateAnswersASignedPutDescriptorAndAPreviewLink) {
  const auto created = create("receipt.png", 100, "Image/PNG; x=y");
  const auto* image = std::get_if<ImageAttachment>(&created);
  ASSERT_NE(image, nullptr);
  EXPECT_EQ(image->mime_type, "image/png");
  EXPECT_TRUE(image->id.starts_with("atc_"));
  ASSERT_TRUE(image->upload_descriptor);
  EXPECT_EQ(image->upload_descriptor->method, UploadMethod::PUT);
  EXPECT_EQ(image->upload_descriptor->headers.at("Content-Type"), "image/png");
  EXPECT_TRUE(image->upload_descriptor->url.starts_with("http://chat.test/chatkit/attachments/" + image->id + "/upload?u=alice&e=1700000900&s="))
      << image->upload_descriptor->url;
  EXPECT_TRUE(image->preview_url.starts_with("http://chat.test/chatkit/attachments/" + image->id + "/preview?u=alice&e="));
  // The record is stored, pending, with its server-only state; the answer never shows that.
  auto stored = store_->load_attachment(image->id, kAlice);
  ASSERT_TRUE(stored);
  EXPECT_EQ(stored_info(*stored)->ready, false);
  EXPECT_FALSE(encode_attachment(created).contains("metadata"));
  const auto file = create("notes.txt", 5, "text/plain");
  EXPECT_TRUE(std::holds_alternative<FileAttachment>(file));
}

TEST_F(AttachmentServiceTest, CreateRefusesWhatTheLimitsRefuse) {
  auto refused = [&](const std::string& name, std::int64_t size, const std::string& type) {
    auto created = service_->create({.name = name, .size = size, .mime_type = type}, kAlice);
    return created ? Error{} : created.error();
  };
  EXPECT_EQ(refused("a.png", 20 * 1024 * 1024 + 1, "image/png").code, ErrorCode::payload_too_large);
  EXPECT_EQ(refused("a.png", 20 * 1024 * 1024 + 1, "image/png").path, "$.params.size");
  EXPECT_EQ(refused("a.png", 0, "image/png").code, ErrorCode::invalid_request);
  const auto exe = refused("a.exe", 10, "application/x-msdownload");
  EXPECT_EQ(exe.code, ErrorCode::unsupported_media_type);
  EXPECT_EQ(exe.path, "$.params.mime_type");
  EXPECT_NE(exe.message.find("image/png"), std::string::npos) << "says what is allowed: " << exe.message;
  EXPECT_EQ(refused("", 10, "text/plain").path, "$.params.name");
  EXPECT_EQ(refused("a\nb.txt", 10, "text/plain").path, "$.params.name");
  EXPECT_EQ(refused("a.txt", 10, "not a type").code, ErrorCode::unsupported_media_type);
}

TEST_F(AttachmentServiceTest, TheUploadFillsThePendingRecordOnce) {
  const std::string png = png_bytes(8, 4);
  const auto created = create("a.png", png.size(), "image/png");
  auto uploaded = upload(created, png, "image/png");
  ASSERT_TRUE(uploaded) << describe(uploaded.error());
  EXPECT_FALSE(attachment_common(*uploaded).upload_descriptor);
  const auto id = attachment_common(created).id;
  EXPECT_TRUE(stored_info(store_->load_attachment(id, kAlice).value())->ready);
  EXPECT_FALSE(attachment_common(store_->load_attachment(id, kAlice).value()).upload_descriptor);
  auto again = upload(created, png);
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().code, ErrorCode::invalid_state);
  auto bytes = service_->read(store_->load_attachment(id, kAlice).value(), 1 << 20);
  ASSERT_TRUE(bytes);
  EXPECT_EQ(bytes->bytes, png);
  EXPECT_EQ(bytes->size, png.size());
}

TEST_F(AttachmentServiceTest, TheUploadLinkIsBoundToItsUserItsAttachmentAndItsTime) {
  const std::string png = png_bytes(2, 2);
  const auto created = create("a.png", png.size(), "image/png");
  const auto& common = attachment_common(created);
  const std::string query = query_of(common.upload_descriptor->url);
  auto code_of = [&](std::string_view id, const std::string& q, std::optional<std::string> user = std::nullopt) {
    auto begun = service_->begin_signed_upload(id, q, user, "");
    return begun ? std::string("ok") : std::string(error_info(begun.error().code).code);
  };
  EXPECT_EQ(code_of(common.id, query), "ok");
  std::string other_user = query;
  other_user.replace(other_user.find("u=alice"), 7, "u=bob");
  EXPECT_EQ(code_of(common.id, other_user), "not_found") << "another user's id breaks the signature";
  const auto other = create("b.png", png.size(), "image/png");
  EXPECT_EQ(code_of(attachment_common(other).id, query), "not_found") << "another attachment's link";
  std::string later = query;
  later.replace(later.find("e=") + 2, 10, "1800000000");
  EXPECT_EQ(code_of(common.id, later), "not_found") << "a moved expiry";
  EXPECT_EQ(code_of(common.id, query.substr(0, query.find("&s="))), "not_found");
  EXPECT_EQ(code_of(common.id, query, "bob"), "not_found") << "credentials of another user";
  EXPECT_EQ(code_of(common.id, query, "alice"), "ok");
  EXPECT_EQ(code_of("../../etc/passwd", query), "not_found");
  now_ += 15 * 60 + 1;
  EXPECT_EQ(code_of(common.id, query), "forbidden") << "expired";
}

TEST_F(AttachmentServiceTest, TheBytesMustBeWhatWasDeclared) {
  const std::string png = png_bytes(2, 2);
  const auto created = create("a.png", png.size(), "image/png");
  auto code = [](const Result<Attachment>& r) { return r ? std::string("ok") : std::string(error_info(r.error().code).code); };
  EXPECT_EQ(code(upload(created, png + "x")), "payload_too_large");
  EXPECT_EQ(code(upload(created, "X" + png.substr(1))), "unsupported_media_type") << "not a PNG any more";
  EXPECT_EQ(code(upload(created, png.substr(0, png.size() - 1))), "invalid_request") << "fewer bytes than declared";
  EXPECT_EQ(code(upload(created, png, "image/jpeg")), "unsupported_media_type") << "another Content-Type";
  const std::string elf = (elf_bytes() + std::string(png.size(), '\0')).substr(0, png.size());
  auto disguised = upload(created, elf);
  ASSERT_FALSE(disguised);
  EXPECT_EQ(disguised.error().message, "the bytes are not a PNG image: they look like an ELF executable");
  EXPECT_EQ(blob_files(), 0u) << "refused uploads leave nothing on disk";
  EXPECT_EQ(code(upload(created, png, "application/octet-stream")), "ok");
  EXPECT_EQ(blob_files(), 1u);
}

TEST_F(AttachmentServiceTest, DirectUploadsTakeTheirNameAndTypeFromThePart) {
  auto text = direct("notes.txt", "text/plain; charset=utf-8", "hello\n");
  ASSERT_TRUE(text) << describe(text.error());
  EXPECT_EQ(attachment_common(*text).mime_type, "text/plain");
  EXPECT_EQ(attachment_common(*text).name, "notes.txt");
  auto pdf = direct("report.pdf", "application/octet-stream", pdf_bytes());
  ASSERT_TRUE(pdf) << describe(pdf.error());
  EXPECT_EQ(attachment_common(*pdf).mime_type, "application/pdf") << "a generic type is taken from the signature";
  auto unknown = direct("x.bin", "", "no known signature");
  EXPECT_EQ(unknown.error().code, ErrorCode::unsupported_media_type);
  auto exe = direct("x.bin", "", elf_bytes());
  EXPECT_EQ(exe.error().code, ErrorCode::unsupported_media_type);
  auto empty = direct("e.txt", "text/plain", "");
  EXPECT_EQ(empty.error().code, ErrorCode::invalid_request);
  make_service(1000);
  auto big = direct("big.txt", "text/plain", std::string(1001, 'a'));
  EXPECT_EQ(big.error().code, ErrorCode::payload_too_large);
  EXPECT_EQ(blob_files(), 2u) << "the text and the PDF";
}

TEST_F(AttachmentServiceTest, PreviewsServeReadyImagesOfTheLinksUser) {
  const std::string png = png_bytes(2, 2);
  const auto created = create("a.png", png.size(), "image/png");
  const auto& image = std::get<ImageAttachment>(created);
  const auto id = image.id;
  EXPECT_EQ(service_->open_preview(id, query_of(image.preview_url)).error().code, ErrorCode::invalid_state);
  ASSERT_TRUE(upload(created, png));
  auto preview = service_->open_preview(id, query_of(image.preview_url));
  ASSERT_TRUE(preview) << describe(preview.error());
  EXPECT_EQ(preview->media_type, "image/png");
  EXPECT_EQ(preview->body->size(), png.size());
  EXPECT_GT(preview->max_age, 3600);
  // Bob's own link, moved onto Alice's image, verifies for nothing.
  const auto bobs = create("b.png", png.size(), "image/png", kBob);
  EXPECT_EQ(service_->open_preview(id, query_of(std::get<ImageAttachment>(bobs).preview_url)).error().code,
            ErrorCode::not_found);
  // The upload link is no preview link.
  EXPECT_EQ(service_->open_preview(id, query_of(image.upload_descriptor->url)).error().code, ErrorCode::not_found);
  now_ += 2 * 3600;
  EXPECT_EQ(service_->open_preview(id, query_of(image.preview_url)).error().code, ErrorCode::forbidden);
}

TEST_F(AttachmentServiceTest, PreviewLinksAreStableWithinAQuarterHour) {
  const auto created = create("a.png", 10, "image/png");
  Attachment first = created;
  service_->present(first, kAlice);
  now_ += 60;
  Attachment second = created;
  service_->present(second, kAlice);
  EXPECT_EQ(std::get<ImageAttachment>(first).preview_url, std::get<ImageAttachment>(second).preview_url);
  EXPECT_FALSE(attachment_common(first).upload_descriptor);
}

TEST_F(AttachmentServiceTest, AMessageTakesOnlyItsUsersUploadedAttachments) {
  const std::string png = png_bytes(2, 2);
  const auto mine = create("a.png", png.size(), "image/png");
  const auto pending = create("b.png", png.size(), "image/png");
  ASSERT_TRUE(upload(mine, png));
  const auto id = attachment_common(mine).id;
  auto resolved = service_->resolve({id}, "thr_1", kAlice);
  ASSERT_TRUE(resolved) << describe(resolved.error());
  EXPECT_EQ(attachment_common(resolved->at(0)).thread_id, "thr_1");
  auto foreign = service_->resolve({id}, "thr_9", kBob);
  EXPECT_EQ(foreign.error().code, ErrorCode::not_found);
  EXPECT_EQ(foreign.error().path, "$.params.input.attachments[0]");
  auto uploading = service_->resolve({id, attachment_common(pending).id}, "thr_1", kAlice);
  EXPECT_EQ(uploading.error().code, ErrorCode::invalid_state);
  EXPECT_EQ(uploading.error().path, "$.params.input.attachments[1]");
  EXPECT_EQ(service_->resolve({id, id}, "thr_1", kAlice).error().code, ErrorCode::invalid_request);
  ASSERT_TRUE(store_->save_attachment(resolved->at(0), kAlice));
  EXPECT_EQ(service_->resolve({id}, "thr_2", kAlice).error().code, ErrorCode::invalid_state) << "another thread's";
  EXPECT_TRUE(service_->resolve({id}, "thr_1", kAlice)) << "its own thread's again";
}

TEST_F(AttachmentServiceTest, DeleteRemovesRecordAndBytesOfItsUserOnly) {
  const std::string png = png_bytes(2, 2);
  const auto created = create("a.png", png.size(), "image/png");
  ASSERT_TRUE(upload(created, png));
  const auto id = attachment_common(created).id;
  EXPECT_EQ(service_->remove(id, kBob).error().code, ErrorCode::not_found);
  EXPECT_EQ(blob_files(), 1u);
  ASSERT_TRUE(service_->remove(id, kAlice));
  EXPECT_EQ(blob_files(), 0u);
  EXPECT_EQ(attachment_rows(), 0);
}

TEST_F(AttachmentServiceTest, TheSweepDeletesWhatNoMessageCarriesAfterTheTtl) {
  const std::string png = png_bytes(2, 2);
  const auto unsent = create("a.png", png.size(), "image/png");
  const auto sent = create("b.png", png.size(), "image/png");
  ASSERT_TRUE(upload(unsent, png));
  ASSERT_TRUE(upload(sent, png));
  ThreadMetadata thread;
  thread.id = "thr_1";
  thread.created_at = Timestamp{1};
  ASSERT_TRUE(store_->save_thread(thread, kAlice));
  ASSERT_TRUE(store_->save_attachment(service_->resolve({attachment_common(sent).id}, "thr_1", kAlice)->at(0), kAlice));
  EXPECT_EQ(service_->sweep().value(), 0u) << "nothing is old enough yet";
  // Past the TTL: the store's rows carry the real time of their creation.
  now_ = std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count() + 101;
  EXPECT_EQ(service_->sweep().value(), 1u);
  EXPECT_EQ(attachment_rows(), 1);
  EXPECT_EQ(blob_files(), 1u);
  // The thread goes, and with it what its message carried.
  ASSERT_TRUE(store_->delete_thread("thr_1", kAlice));
  ASSERT_TRUE(service_->delete_thread_attachments("thr_1", kAlice));
  EXPECT_EQ(attachment_rows(), 0);
  EXPECT_EQ(blob_files(), 0u);
}

TEST_F(AttachmentServiceTest, TheSweepAlsoTakesAttachmentsOfAThreadThatIsGone) {
  const std::string png = png_bytes(2, 2);
  const auto created = create("a.png", png.size(), "image/png");
  ASSERT_TRUE(upload(created, png));
  // Stamped for a thread that was deleted while its message was being added.
  ASSERT_TRUE(store_->save_attachment(service_->resolve({attachment_common(created).id}, "thr_gone", kAlice)->at(0), kAlice));
  now_ = std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count() + 101;
  EXPECT_EQ(service_->sweep().value(), 1u);
  EXPECT_EQ(blob_files(), 0u);
}

TEST(UrlSigner, SignsAndVerifiesEachPart) {
  const UrlSigner signer(kKey);
  const LinkClaims claims{.user_id = "user with spaces&=", .attachment_id = "atc_1", .expires = 42};
  const std::string query = signer.query(LinkPurpose::preview, claims);
  auto verified = signer.verify(LinkPurpose::preview, "atc_1", query);
  ASSERT_TRUE(verified);
  EXPECT_EQ(verified->user_id, claims.user_id);
  EXPECT_EQ(verified->expires, 42);
  EXPECT_FALSE(signer.verify(LinkPurpose::upload, "atc_1", query)) << "another purpose";
  EXPECT_FALSE(signer.verify(LinkPurpose::preview, "atc_2", query)) << "another attachment";
  EXPECT_FALSE(UrlSigner(std::string(32, 'j')).verify(LinkPurpose::preview, "atc_1", query)) << "another key";
  EXPECT_FALSE(signer.verify(LinkPurpose::preview, "atc_1", query + "x"));
  EXPECT_FALSE(signer.verify(LinkPurpose::preview, "atc_1", "u=%zz&e=1&s=x"));
}

TEST(UrlSigner, TheKeyIsGeneratedOnceAndKept) {
  const auto file = fs::temp_directory_path() / ("chatkit_key_" + std::to_string(::getpid())) / "signing.key";
  fs::remove_all(file.parent_path());
  auto first = load_signing_key("", file);
  ASSERT_TRUE(first) << describe(first.error());
  EXPECT_EQ(first->size(), 64u);
  EXPECT_EQ(fs::status(file).permissions() & fs::perms::all, fs::perms::owner_read | fs::perms::owner_write);
  EXPECT_EQ(load_signing_key("", file).value(), *first);
  EXPECT_EQ(load_signing_key(kKey, file).value(), kKey) << "a configured key wins";
  EXPECT_FALSE(load_signing_key("short", file));
  fs::remove_all(file.parent_path());
}

TEST(AttachmentPolicy, ParsesTypesAndFamilies) {
  auto policy = AttachmentPolicy::parse(" image/png, text/* ,application/JSON", 10);
  ASSERT_TRUE(policy) << describe(policy.error());
  EXPECT_TRUE(policy->allows("image/png"));
  EXPECT_TRUE(policy->allows("text/csv"));
  EXPECT_TRUE(policy->allows("application/json"));
  EXPECT_FALSE(policy->allows("image/jpeg"));
  EXPECT_FALSE(policy->allows("textual/x"));
  EXPECT_FALSE(AttachmentPolicy::parse("image/png,,text/plain", 10));
  EXPECT_FALSE(AttachmentPolicy::parse("*/*", 10));
  EXPECT_FALSE(AttachmentPolicy::parse("text/plain; charset=utf-8", 10));
}

TEST(LocalBlobStore, WritesAppearOnlyOnCommit) {
  const auto dir = fs::temp_directory_path() / ("chatkit_blobs_" + std::to_string(::getpid()));
  fs::remove_all(dir);
  auto blobs = LocalBlobStore::in(dir).value();
  {
    auto writer = blobs->create("u1/atc_1").value();
    ASSERT_TRUE(writer->write("abc"));
    EXPECT_EQ(blobs->open("u1/atc_1").error().code, ErrorCode::not_found) << "not before commit";
  }
  EXPECT_EQ(blobs->open("u1/atc_1").error().code, ErrorCode::not_found) << "an abandoned write leaves nothing";
  auto writer = blobs->create("u1/atc_1").value();
  ASSERT_TRUE(writer->write("abc"));
  ASSERT_TRUE(writer->commit());
  EXPECT_EQ(read_blob(*blobs, "u1/atc_1", 10).value(), "abc");
  EXPECT_EQ(read_blob(*blobs, "u1/atc_1", 2).value(), "ab");
  EXPECT_FALSE(blobs->create("../escape"));
  ASSERT_TRUE(blobs->remove("u1/atc_1"));
  ASSERT_TRUE(blobs->remove("u1/atc_1")) << "removing what is gone is fine";
  // A .part file an interrupted run left is removed when the store opens again.
  std::ofstream(dir / "u1" / "atc_2.part-0123") << "half";
  blobs = LocalBlobStore::in(dir).value();
  EXPECT_FALSE(fs::exists(dir / "u1" / "atc_2.part-0123"));
  fs::remove_all(dir);
}

}  // namespace
}  // namespace chatkit::server
