// The s3:// store against moto_server with IAM enforced (real SigV4
// verification, real policies), started by tests/e2e/s3/moto_harness.py on
// a free loopback port and stopped when the test ends. boto3 is the second,
// independent client. A missing moto_server fails the test naming what to
// install; it never skips.
#include <fcntl.h>
#include "ecomdw_source_dir.h"
#include <poll.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>

#include "objectstore/digest.h"
#include "objectstore/s3_store.h"

extern char** environ;

namespace ecomdw::objectstore {
namespace {
namespace fs = std::filesystem;

const std::string kHarness = std::string(ECOMDW_SOURCE_DIR) + "/tests/e2e/s3/moto_harness.py";

// moto_harness.py `serve`: one JSON line on stdout, alive until stdin closes.
class MotoProcess {
 public:
  MotoProcess() {
    int in[2], out[2];
    if (::pipe2(in, O_CLOEXEC) != 0 || ::pipe2(out, O_CLOEXEC) != 0) {
      error_ = "pipe failed";
      return;
    }
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_adddup2(&fa, in[0], 0);
    posix_spawn_file_actions_adddup2(&fa, out[1], 1);
    const char* argv[] = {"python3", kHarness.c_str(), "serve", nullptr};
    int rc = posix_spawnp(&pid_, "python3", &fa, nullptr, const_cast<char**>(argv), environ);
    posix_spawn_file_actions_destroy(&fa);
    ::close(in[0]);
    ::close(out[1]);
    stdin_ = in[1];
    if (rc != 0) {
      error_ = "cannot start python3 (install Python 3 with moto[server] and boto3)";
      ::close(out[0]);
      pid_ = -1;
      return;
    }
    std::string line;
    pollfd pfd{out[0], POLLIN, 0};
    while (line.find('\n') == std::string::npos) {
      if (::poll(&pfd, 1, 60000) <= 0) break;  // bounded wait for readiness
      char buf[4096];
      ssize_t n = ::read(out[0], buf, sizeof(buf));
      if (n <= 0) break;
      line.append(buf, static_cast<size_t>(n));
    }
    ::close(out[0]);
    auto j = nlohmann::json::parse(line, nullptr, false);
    if (j.is_discarded() || !j.is_object()) {
      error_ = "moto harness printed no settings: \"" + line + "\"";
    } else if (j.contains("error")) {
      error_ = j["error"].get<std::string>();
    } else {
      info_ = j;
    }
  }
  ~MotoProcess() {
    if (stdin_ >= 0) ::close(stdin_);  // the harness stops moto and exits
    if (pid_ > 0) {
      int status = 0;
      ::waitpid(pid_, &status, 0);
    }
  }
  const std::string& error() const { return error_; }
  std::string Get(const char* k) const { return info_.value(k, ""); }

 private:
  pid_t pid_ = -1;
  int stdin_ = -1;
  std::string error_;
  nlohmann::json info_;
};

class S3StoreMotoTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { moto_ = new MotoProcess(); }
  static void TearDownTestSuite() {
    delete moto_;
    moto_ = nullptr;
  }
  void SetUp() override { ASSERT_TRUE(moto_->error().empty()) << moto_->error(); }

  S3Settings Settings() const {
    auto s = ParseS3Uri("s3://" + moto_->Get("bucket"));
    EXPECT_TRUE(s.ok());
    S3Settings out = *s;
    out.endpoint = moto_->Get("endpoint");
    out.region = moto_->Get("region");
    out.retry.max_attempts = 2;
    out.retry.base_delay = std::chrono::milliseconds(10);
    return out;
  }
  AwsCredentials Rw() const { return {moto_->Get("rw_key"), moto_->Get("rw_secret"), "", "test"}; }
  AwsCredentials Ro() const { return {moto_->Get("ro_key"), moto_->Get("ro_secret"), "", "test"}; }

  // Runs a boto3 snippet as the read-write user; returns its stdout.
  std::string Boto3(const std::string& code) const {
    fs::path script = fs::temp_directory_path() / ("ecomdw-boto3-" + std::to_string(::getpid()) + ".py");
    std::ofstream(script) << "import boto3, sys\n"
                          << "s3 = boto3.client('s3', endpoint_url='" << moto_->Get("endpoint")
                          << "', region_name='us-east-1', aws_access_key_id='" << moto_->Get("rw_key")
                          << "', aws_secret_access_key='" << moto_->Get("rw_secret") << "')\n"
                          << "B = '" << moto_->Get("bucket") << "'\n"
                          << code << "\n";
    std::string out;
    FILE* p = ::popen(("python3 " + script.string()).c_str(), "r");
    char buf[4096];
    size_t n;
    while (p != nullptr && (n = std::fread(buf, 1, sizeof(buf), p)) > 0) out.append(buf, n);
    int rc = p != nullptr ? ::pclose(p) : -1;
    fs::remove(script);
    EXPECT_EQ(rc, 0) << code;
    return out;
  }

  static MotoProcess* moto_;
};
MotoProcess* S3StoreMotoTest::moto_ = nullptr;

TEST_F(S3StoreMotoTest, Boto3PutsEcomdwListsHeadsAndGets) {
  Boto3("s3.put_object(Bucket=B, Key='x/source=a/dt=2024-02-01/part 1.csv', Body=b'id,v\\n1,2\\n')\n"
        "s3.put_object(Bucket=B, Key='x/source=a/dt=2024-02-01/empty.csv', Body=b'')");
  auto store = OpenS3Store(Settings(), Rw());
  auto listed = store->List("x/source=a/");
  ASSERT_TRUE(listed.ok()) << listed.status().ToString();
  ASSERT_EQ(listed->size(), 2u);
  EXPECT_EQ((*listed)[0].key, "x/source=a/dt=2024-02-01/empty.csv");
  EXPECT_EQ((*listed)[1].key, "x/source=a/dt=2024-02-01/part 1.csv");
  EXPECT_EQ((*listed)[1].size, 9);
  EXPECT_EQ((*listed)[1].etag, Md5Hex("id,v\n1,2\n"));

  auto head = store->Head("x/source=a/dt=2024-02-01/part 1.csv");
  ASSERT_TRUE(head.ok()) << head.status().ToString();
  EXPECT_EQ(head->size, 9);
  EXPECT_EQ(head->etag, (*listed)[1].etag);
  EXPECT_GT(head->last_modified_unix, 0);

  fs::path dest = fs::temp_directory_path() / ("ecomdw-s3get-" + std::to_string(::getpid())) / "a.csv";
  auto got = store->GetToFile("x/source=a/dt=2024-02-01/part 1.csv", dest.string());
  ASSERT_TRUE(got.ok()) << got.status().ToString();
  std::ifstream in(dest, std::ios::binary);
  std::string content((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  EXPECT_EQ(content, "id,v\n1,2\n");
  auto empty = store->GetBytes("x/source=a/dt=2024-02-01/empty.csv");
  ASSERT_TRUE(empty.ok()) << empty.status().ToString();
  EXPECT_EQ(*empty, "");
  fs::remove_all(dest.parent_path());
}

TEST_F(S3StoreMotoTest, EcomdwPutsBoto3Reads) {
  auto store = OpenS3Store(Settings(), Rw());
  std::string body(2500000, 'z');  // over 1 MiB: curl sends Expect: 100-continue
  body += "end=+@,:%";
  Status put = store->Put("y/dt=2024-03-01/odd key+=@,.bin", body);
  ASSERT_TRUE(put.ok()) << put.ToString();
  std::string sha = Boto3(
      "import hashlib\n"
      "b = s3.get_object(Bucket=B, Key='y/dt=2024-03-01/odd key+=@,.bin')['Body'].read()\n"
      "print(hashlib.sha256(b).hexdigest(), end='')");
  EXPECT_EQ(sha, Sha256Hex(body));
}

TEST_F(S3StoreMotoTest, ListReadsEveryPage) {
  Boto3("for i in range(23): s3.put_object(Bucket=B, Key=f'pages/dt=2024-01-01/k{i:03d}', Body=str(i).encode())");
  S3Settings s = Settings();
  s.max_keys = 5;  // 5 pages
  auto listed = OpenS3Store(s, Rw())->List("pages/");
  ASSERT_TRUE(listed.ok()) << listed.status().ToString();
  ASSERT_EQ(listed->size(), 23u);
  for (int i = 0; i < 23; ++i) EXPECT_EQ((*listed)[i].key, fmt::format("pages/dt=2024-01-01/k{:03d}", i));
}

TEST_F(S3StoreMotoTest, WrongSecretIsSignatureDoesNotMatch) {
  AwsCredentials bad = Rw();
  bad.secret_access_key += "x";
  auto store = OpenS3Store(Settings(), bad);
  auto listed = store->List("");
  ASSERT_FALSE(listed.ok());
  EXPECT_EQ(listed.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(listed.status().message().find("SignatureDoesNotMatch"), std::string::npos) << listed.status().ToString();
  EXPECT_NE(listed.status().message().find("s3://" + moto_->Get("bucket")), std::string::npos);
  Status put = store->Put("z/a.csv", "x");
  EXPECT_NE(put.message().find("SignatureDoesNotMatch"), std::string::npos) << put.ToString();
}

TEST_F(S3StoreMotoTest, UnknownAccessKeyIsInvalidAccessKeyId) {
  auto listed = OpenS3Store(Settings(), {"AKIAUNKNOWNUNKNOWN00", "secret", "", "test"})->List("");
  ASSERT_FALSE(listed.ok());
  EXPECT_NE(listed.status().message().find("InvalidAccessKeyId"), std::string::npos) << listed.status().ToString();
}

TEST_F(S3StoreMotoTest, ReadOnlyPolicyPutIsAccessDeniedButReadsWork) {
  auto rw = OpenS3Store(Settings(), Rw());
  ASSERT_TRUE(rw->Put("ro/dt=2024-01-01/a.csv", "a").ok());
  auto ro = OpenS3Store(Settings(), Ro());
  Status put = ro->Put("ro/dt=2024-01-01/b.csv", "b");
  ASSERT_FALSE(put.ok());
  EXPECT_EQ(put.code(), StatusCode::kInvalidArgument);
  EXPECT_NE(put.message().find("AccessDenied"), std::string::npos) << put.ToString();
  EXPECT_NE(put.message().find("ro/dt=2024-01-01/b.csv"), std::string::npos) << put.ToString();
  EXPECT_NE(put.message().find("s3:PutObject"), std::string::npos) << put.ToString();
  EXPECT_TRUE(ro->List("ro/").ok());
  auto bytes = ro->GetBytes("ro/dt=2024-01-01/a.csv");
  ASSERT_TRUE(bytes.ok()) << bytes.status().ToString();
  EXPECT_EQ(*bytes, "a");
  EXPECT_TRUE(rw->Head("ro/dt=2024-01-01/b.csv").status().IsNotFound());
}

TEST_F(S3StoreMotoTest, MissingObjectAndBucketAreNotFound) {
  auto store = OpenS3Store(Settings(), Rw());
  auto head = store->Head("nope/missing.csv");
  EXPECT_TRUE(head.status().IsNotFound()) << head.status().ToString();
  auto get = store->GetBytes("nope/missing.csv");
  EXPECT_TRUE(get.status().IsNotFound()) << get.status().ToString();
  EXPECT_NE(get.status().message().find("nope/missing.csv"), std::string::npos);
  S3Settings other = Settings();
  other.bucket = "no-such-bucket-anywhere";
  auto listed = OpenS3Store(other, Rw())->List("");
  EXPECT_TRUE(listed.status().IsNotFound()) << listed.status().ToString();
  EXPECT_NE(listed.status().message().find("NoSuchBucket"), std::string::npos);
}

TEST_F(S3StoreMotoTest, VirtualHostAddressing) {
  // curl resolves *.localhost to loopback, so bucket.s3.localhost reaches moto.
  S3Settings s = Settings();
  std::string port = s.endpoint.substr(s.endpoint.rfind(':'));
  s.endpoint = "http://s3.localhost" + port;
  s.addressing = AddressingStyle::kVirtual;
  EXPECT_EQ(s.Url("a/b"), "http://" + s.bucket + ".s3.localhost" + port + "/a/b");
  auto store = OpenS3Store(s, Rw());
  ASSERT_TRUE(store->Put("vh/dt=2024-01-01/v.csv", "virtual").ok());
  auto listed = store->List("vh/");
  ASSERT_TRUE(listed.ok()) << listed.status().ToString();
  ASSERT_EQ(listed->size(), 1u);
  EXPECT_EQ(*store->GetBytes("vh/dt=2024-01-01/v.csv"), "virtual");
}

TEST_F(S3StoreMotoTest, HostileListedKeysAreRefusedOnUse) {
  Boto3("s3.put_object(Bucket=B, Key='evil/../../escape', Body=b'x')");
  auto store = OpenS3Store(Settings(), Rw());
  auto listed = store->List("evil/");
  ASSERT_TRUE(listed.ok()) << listed.status().ToString();
  ASSERT_EQ(listed->size(), 1u);
  EXPECT_FALSE(ValidateObjectKey((*listed)[0].key).ok());
  fs::path dir = fs::temp_directory_path() / ("ecomdw-hostile-" + std::to_string(::getpid()));
  auto got = store->GetToFile((*listed)[0].key, (dir / (*listed)[0].key).string());
  EXPECT_EQ(got.status().code(), StatusCode::kInvalidArgument);
  EXPECT_FALSE(fs::exists(dir));
  EXPECT_FALSE(fs::exists(fs::temp_directory_path() / "escape"));
}

TEST_F(S3StoreMotoTest, RootPrefixScopesKeys) {
  Boto3("s3.put_object(Bucket=B, Key='team/raw/orders/a.csv', Body=b'1')");
  S3Settings s = Settings();
  s.root_prefix = "team/raw/";
  auto store = OpenS3Store(s, Rw());
  auto listed = store->List("orders/");
  ASSERT_TRUE(listed.ok()) << listed.status().ToString();
  ASSERT_EQ(listed->size(), 1u);
  EXPECT_EQ((*listed)[0].key, "orders/a.csv");
  EXPECT_EQ(*store->GetBytes("orders/a.csv"), "1");
  EXPECT_EQ(store->uri(), "s3://" + s.bucket + "/team/raw");
}

}  // namespace
}  // namespace ecomdw::objectstore
