// publish::Generations on real files: numbering, copy, reuse of an
// unpublished generation, the link swap, and garbage collection that keeps
// what another process holds (a child process takes the fcntl read lock a
// DuckDB reader takes).
#include "publish/generations.h"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>

namespace ecomdw::publish {
namespace {
namespace fs = std::filesystem;

std::string Read(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

void Write(const fs::path& p, const std::string& text) {
  std::ofstream out(p, std::ios::binary | std::ios::trunc);
  out << text;
}

class GenerationsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("ecomdw-gen-" + std::to_string(::getpid()) + "-" +
                                        ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  fs::path link() const { return dir_ / "warehouse.duckdb"; }
  fs::path state() const { return dir_ / ".ecomdw"; }
  fs::path dir_;
};

// A child process holding a read lock on `file` until Release().
class ChildReader {
 public:
  explicit ChildReader(const fs::path& file) {
    int ready[2], release[2];
    EXPECT_EQ(::pipe(ready), 0);
    EXPECT_EQ(::pipe(release), 0);
    pid_ = ::fork();
    if (pid_ == 0) {
      ::close(ready[0]);
      ::close(release[1]);
      int fd = ::open(file.c_str(), O_RDONLY);
      struct flock fl {};
      fl.l_type = F_RDLCK;
      fl.l_whence = SEEK_SET;
      int rc = fd >= 0 ? ::fcntl(fd, F_SETLK, &fl) : -1;
      char c = rc == 0 ? 'y' : 'n';
      (void)!::write(ready[1], &c, 1);
      (void)!::read(release[0], &c, 1);  // until the parent closes its end
      ::_exit(0);
    }
    ::close(ready[1]);
    ::close(release[0]);
    release_ = release[1];
    char c = 0;
    EXPECT_EQ(::read(ready[0], &c, 1), 1);
    EXPECT_EQ(c, 'y') << "the child could not lock " << file;
    ::close(ready[0]);
  }
  void Release() {
    if (release_ < 0) return;
    ::close(release_);
    release_ = -1;
    int status = 0;
    ::waitpid(pid_, &status, 0);
  }
  ~ChildReader() { Release(); }

 private:
  pid_t pid_ = -1;
  int release_ = -1;
};

TEST_F(GenerationsTest, FirstWorkIsANewFileAndPublishPointsTheLinkAtIt) {
  Generations g(link(), state());
  auto published = g.Published();
  ASSERT_TRUE(published.ok());
  EXPECT_TRUE(published->empty());
  auto work = g.PrepareWork(false);
  ASSERT_TRUE(work.ok()) << work.status().ToString();
  EXPECT_EQ(work->file.filename(), "gen-000001.duckdb");
  EXPECT_FALSE(work->reused);
  EXPECT_FALSE(fs::exists(work->file));
  Write(work->file, "first");
  ASSERT_TRUE(g.Publish(work->file).ok());
  EXPECT_TRUE(fs::is_symlink(link()));
  EXPECT_EQ(*g.Published(), work->file);
  EXPECT_EQ(Read(link()), "first");
  EXPECT_TRUE(fs::read_symlink(link()).is_relative()) << "the project folder must stay movable";
}

TEST_F(GenerationsTest, NextWorkIsAWholeCopyAndAnUnpublishedOneIsContinued) {
  Generations g(link(), state());
  fs::path first = g.PrepareWork(false)->file;
  Write(first, std::string(300000, 'x') + "end");
  ASSERT_TRUE(g.Publish(first).ok());

  auto work = g.PrepareWork(false);
  ASSERT_TRUE(work.ok()) << work.status().ToString();
  EXPECT_EQ(work->file.filename(), "gen-000002.duckdb");
  EXPECT_FALSE(work->reused);
  EXPECT_EQ(work->copied_bytes, 300003);
  EXPECT_EQ(Read(work->file), Read(first));
  EXPECT_EQ(*g.Unpublished(), work->file);
  Write(work->file, "progress of a build that then failed");

  auto again = g.PrepareWork(false);
  ASSERT_TRUE(again.ok());
  EXPECT_TRUE(again->reused);
  EXPECT_EQ(again->file, work->file);
  EXPECT_EQ(Read(again->file), "progress of a build that then failed");

  auto fresh = g.PrepareWork(true);
  ASSERT_TRUE(fresh.ok());
  EXPECT_EQ(fresh->file.filename(), "gen-000003.duckdb");
  EXPECT_EQ(Read(fresh->file), Read(first));
  EXPECT_FALSE(fs::exists(work->file)) << "--discard-unpublished left the old work";
  EXPECT_EQ(Read(link()), Read(first)) << "preparing work changed what readers see";
}

TEST_F(GenerationsTest, OldGenerationsAreRemovedOnlyWhenNoProcessHoldsThem) {
  Generations g(link(), state());
  fs::path first = g.PrepareWork(false)->file;
  Write(first, "one");
  ASSERT_TRUE(g.Publish(first).ok());
  fs::path second = g.PrepareWork(false)->file;
  Write(second, "two");
  Write(state() / "gen-000009.duckdb.copying", "half a copy of a killed writer");

  ChildReader reader(first);
  EXPECT_TRUE(HeldByAnotherProcess(first));
  ASSERT_TRUE(g.Publish(second).ok());
  auto collected = g.CollectGarbage();
  ASSERT_TRUE(collected.ok());
  EXPECT_TRUE(fs::exists(first)) << "removed a generation a reader holds";
  ASSERT_EQ(collected->held.size(), 1u);
  EXPECT_EQ(collected->held[0], first);
  EXPECT_FALSE(fs::exists(state() / "gen-000009.duckdb.copying"));

  reader.Release();
  EXPECT_FALSE(HeldByAnotherProcess(first));
  collected = g.CollectGarbage();
  ASSERT_TRUE(collected.ok());
  EXPECT_FALSE(fs::exists(first));
  EXPECT_TRUE(fs::exists(second));
  EXPECT_EQ(Read(link()), "two");
}

TEST_F(GenerationsTest, CopySkipsHolesAndKeepsEveryByte) {
  fs::path from = dir_ / "sparse", to = dir_ / "copy";
  {
    int fd = ::open(from.c_str(), O_WRONLY | O_CREAT, 0644);
    ASSERT_GE(fd, 0);
    ASSERT_EQ(::pwrite(fd, "head", 4, 0), 4);
    ASSERT_EQ(::pwrite(fd, "tail", 4, 64 << 20), 4);
    ::close(fd);
  }
  ASSERT_TRUE(CopyWholeFile(from, to).ok());
  EXPECT_EQ(fs::file_size(to), fs::file_size(from));
  EXPECT_EQ(Read(to), Read(from));
  struct stat st {};
  ASSERT_EQ(::stat(to.c_str(), &st), 0);
  EXPECT_LT(st.st_blocks * 512, 8 << 20) << "the copy filled the hole";
  EXPECT_FALSE(CopyWholeFile(from, to).ok()) << "a copy must never overwrite";
}

TEST_F(GenerationsTest, APlainFileAtTheLinkIsNamed) {
  Write(link(), "made by something else");
  Generations g(link(), state());
  auto published = g.Published();
  ASSERT_FALSE(published.ok());
  EXPECT_NE(published.status().message().find("plain file"), std::string::npos);
}

TEST_F(GenerationsTest, NumbersComeFromNamesOnly) {
  EXPECT_EQ(Generations::NumberOf("/x/gen-000042.duckdb"), 42);
  EXPECT_EQ(Generations::NumberOf("/x/gen-000042.duckdb.wal"), 0);
  EXPECT_EQ(Generations::NumberOf("/x/warehouse-a.duckdb"), 0);
}

}  // namespace
}  // namespace ecomdw::publish
