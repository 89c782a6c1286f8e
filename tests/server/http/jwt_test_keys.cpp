#include "server/http/jwt_test_keys.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/ecdsa.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/x509.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <stdexcept>
#include <vector>

#include "server/http/base64url.hpp"

namespace chatkit::test {
namespace {

using server::base64url_encode;

std::string bn_param(EVP_PKEY* key, const char* name, int width = 0) {
  BIGNUM* number = nullptr;
  if (EVP_PKEY_get_bn_param(key, name, &number) != 1) throw std::runtime_error("get_bn_param");
  const int size = width > 0 ? width : BN_num_bytes(number);
  std::string bytes(static_cast<std::size_t>(size), '\0');
  BN_bn2binpad(number, reinterpret_cast<unsigned char*>(bytes.data()), size);
  BN_free(number);
  return bytes;
}

std::string sign_sha256(EVP_PKEY* key, const std::string& input) {
  std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> context(EVP_MD_CTX_new(), EVP_MD_CTX_free);
  std::size_t size = 0;
  EVP_DigestSignInit(context.get(), nullptr, EVP_sha256(), nullptr, key);
  EVP_DigestSign(context.get(), nullptr, &size, reinterpret_cast<const unsigned char*>(input.data()), input.size());
  std::string signature(size, '\0');
  EVP_DigestSign(context.get(), reinterpret_cast<unsigned char*>(signature.data()), &size,
                 reinterpret_cast<const unsigned char*>(input.data()), input.size());
  signature.resize(size);
  return signature;
}

// DER ECDSA-Sig-Value -> JWS r || s.
std::string raw_ecdsa(const std::string& der) {
  const auto* bytes = reinterpret_cast<const unsigned char*>(der.data());
  ECDSA_SIG* sig = d2i_ECDSA_SIG(nullptr, &bytes, static_cast<long>(der.size()));
  std::string raw(64, '\0');
  BN_bn2binpad(ECDSA_SIG_get0_r(sig), reinterpret_cast<unsigned char*>(raw.data()), 32);
  BN_bn2binpad(ECDSA_SIG_get0_s(sig), reinterpret_cast<unsigned char*>(raw.data()) + 32, 32);
  ECDSA_SIG_free(sig);
  return raw;
}

}  // namespace

TestKey TestKey::rsa(std::string kid) {
  return TestKey(
      std::shared_ptr<EVP_PKEY>(EVP_PKEY_Q_keygen(nullptr, nullptr, "RSA", std::size_t{2048}), EVP_PKEY_free),
      std::move(kid), true);
}

TestKey TestKey::ec(std::string kid) {
  return TestKey(std::shared_ptr<EVP_PKEY>(EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", "P-256"), EVP_PKEY_free),
                 std::move(kid), false);
}

nlohmann::json TestKey::jwk(bool with_alg) const {
  nlohmann::json jwk{{"kid", kid_}, {"use", "sig"}};
  if (rsa_) {
    jwk["kty"] = "RSA";
    jwk["n"] = base64url_encode(bn_param(key_.get(), OSSL_PKEY_PARAM_RSA_N));
    jwk["e"] = base64url_encode(bn_param(key_.get(), OSSL_PKEY_PARAM_RSA_E));
  } else {
    jwk["kty"] = "EC";
    jwk["crv"] = "P-256";
    jwk["x"] = base64url_encode(bn_param(key_.get(), OSSL_PKEY_PARAM_EC_PUB_X, 32));
    jwk["y"] = base64url_encode(bn_param(key_.get(), OSSL_PKEY_PARAM_EC_PUB_Y, 32));
  }
  if (with_alg) jwk["alg"] = rsa_ ? "RS256" : "ES256";
  return jwk;
}

std::string TestKey::sign(const nlohmann::json& claims, std::string alg) const {
  if (alg.empty()) alg = rsa_ ? "RS256" : "ES256";
  const nlohmann::json header{{"alg", alg}, {"typ", "JWT"}, {"kid", kid_}};
  const std::string input = base64url_encode(header.dump()) + "." + base64url_encode(claims.dump());
  std::string signature = sign_sha256(key_.get(), input);
  if (!rsa_) signature = raw_ecdsa(signature);
  return input + "." + base64url_encode(signature);
}

std::string TestKey::public_der() const {
  unsigned char* der = nullptr;
  const int size = i2d_PUBKEY(key_.get(), &der);
  std::string bytes(reinterpret_cast<char*>(der), static_cast<std::size_t>(size));
  OPENSSL_free(der);
  return bytes;
}

std::string jwks_of(std::initializer_list<const TestKey*> keys) {
  nlohmann::json list = nlohmann::json::array();
  for (const TestKey* key : keys) list.push_back(key->jwk());
  return nlohmann::json{{"keys", list}}.dump();
}

std::string compact(const nlohmann::json& header, const nlohmann::json& claims, const std::string& signature) {
  return base64url_encode(header.dump()) + "." + base64url_encode(claims.dump()) + "." + base64url_encode(signature);
}

std::string hs256(const std::string& secret, const std::string& input) {
  unsigned char mac[EVP_MAX_MD_SIZE];
  unsigned int size = 0;
  HMAC(EVP_sha256(), secret.data(), static_cast<int>(secret.size()),
       reinterpret_cast<const unsigned char*>(input.data()), input.size(), mac, &size);
  return std::string(reinterpret_cast<char*>(mac), size);
}

JwksServer::JwksServer() {
  listener_ = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t length = sizeof(address);
  if (::bind(listener_, reinterpret_cast<sockaddr*>(&address), sizeof(address)) != 0 || ::listen(listener_, 16) != 0 ||
      ::getsockname(listener_, reinterpret_cast<sockaddr*>(&address), &length) != 0) {
    throw std::runtime_error("JwksServer: cannot listen on loopback");
  }
  port_ = ntohs(address.sin_port);
  thread_ = std::thread([this] { serve(); });
}

JwksServer::~JwksServer() {
  stop_ = true;
  thread_.join();
  ::close(listener_);
}

void JwksServer::set_body(std::string body) {
  std::lock_guard lock(mutex_);
  body_ = std::move(body);
}

void JwksServer::serve() {
  while (!stop_) {
    pollfd ready{.fd = listener_, .events = POLLIN, .revents = 0};
    if (::poll(&ready, 1, 50) <= 0) continue;
    const int client = ::accept(listener_, nullptr, nullptr);
    if (client < 0) continue;
    char request[4096];
    (void)::recv(client, request, sizeof(request), 0);  // one GET; its details do not matter
    ++requests_;
    std::string body;
    {
      std::lock_guard lock(mutex_);
      body = body_;
    }
    const std::string reply =
        "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nConnection: close\r\nContent-Length: " +
        std::to_string(body.size()) + "\r\n\r\n" + body;
    (void)::send(client, reply.data(), reply.size(), MSG_NOSIGNAL);
    ::close(client);
  }
}

}  // namespace chatkit::test
