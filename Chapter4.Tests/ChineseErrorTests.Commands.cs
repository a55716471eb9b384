using Chapter4.Bench;
using Chapter4.Book;
using Chapter4.Harness;
using Chapter4.Language;
using Chapter4.Tests.Support;
using NUnit.Framework;

namespace Chapter4.Tests;

/// <summary>
/// The book's, the bench's and the runtime's errors (BookErrors.resx, RunTexts.resx): `book --out` refusals, a site that
/// cannot be written, `bench`'s option checks, `--device cuda` without CUDA. Every bad folder is made in a temporary
/// folder; the refusals come before any lesson runs, so these cases build nothing.
/// </summary>
public partial class ChineseErrorTests
{
    /// <summary>A fresh temporary folder for one case, removed by the caller's finally.</summary>
    private static string CommandsTempFolder() => Directory.CreateTempSubdirectory("chapter4-zh-errors-").FullName;

    private static void CommandsInFolder(string folder, Action run)
    {
        string before = Directory.GetCurrentDirectory();
        Directory.SetCurrentDirectory(folder);
        try { run(); }
        finally { Directory.SetCurrentDirectory(before); }
    }

    [Test]
    public void BookOutIsTheRootFolder() => SaidInBoth(2, "book", "--out", "/");

    [Test]
    public void BookOutHasANulCharacter() => SaidInBoth(2, "book", "--out", "si\0te");

    [Test]
    public void BookOutIsAFileOrHasNoParent()
    {
        string root = CommandsTempFolder();
        try
        {
            string file = Path.Combine(root, "a-file");
            File.WriteAllText(file, "x");
            SaidInBoth(2, "book", "--out", file);
            SaidInBoth(2, "book", "--out", Path.Combine(root, "no", "such", "parent"));
            Assert.That(File.ReadAllText(file), Is.EqualTo("x"));
        }
        finally { Directory.Delete(root, recursive: true); }
    }

    [Test]
    public void BookOutHoldsFilesTheBookDidNotWrite()
    {
        string root = CommandsTempFolder();
        try
        {
            string user = Path.Combine(root, "photos");
            Directory.CreateDirectory(user);
            File.WriteAllText(Path.Combine(user, "holiday.jpg"), "bytes");
            var (en, zh) = SaidInBoth(2, "book", "--out", user);
            // The marker's name is said in both (it contains a 4 that is part of a name, not a number).
            Assert.That(new[] { en, zh }, Has.All.Contain(BookFolder.MarkerName));
            Assert.That(File.ReadAllText(Path.Combine(user, "holiday.jpg")), Is.EqualTo("bytes"));
        }
        finally { Directory.Delete(root, recursive: true); }
    }

    [Test]
    public void BookOutIsTheCurrentFolderOrThePlotsFolder()
    {
        // A folder shaped like a clone (Chapter4.sln marks a repository root) with its plots/.
        string root = CommandsTempFolder();
        try
        {
            File.WriteAllText(Path.Combine(root, "Chapter4.sln"), "solution\n");
            Directory.CreateDirectory(Path.Combine(root, "plots"));
            CommandsInFolder(root, () =>
            {
                SaidInBoth(2, "book", "--out", ".");
                SaidInBoth(2, "book", "--out", "plots");
            });
            Assert.That(Directory.GetFileSystemEntries(root).Select(Path.GetFileName), Is.EquivalentTo(new[] { "Chapter4.sln", "plots" }));
        }
        finally { Directory.Delete(root, recursive: true); }
    }

    [Test]
    public void BookOutIsALoopOrADanglingLink()
    {
        string root = CommandsTempFolder();
        try
        {
            File.CreateSymbolicLink(Path.Combine(root, "loopA"), Path.Combine(root, "loopB"));
            File.CreateSymbolicLink(Path.Combine(root, "loopB"), Path.Combine(root, "loopA"));
            SaidInBoth(2, "book", "--out", Path.Combine(root, "loopA"));
            File.CreateSymbolicLink(Path.Combine(root, "dangling"), Path.Combine(root, "nowhere"));
            SaidInBoth(2, "book", "--out", Path.Combine(root, "dangling"));
            Assert.That(Directory.Exists(Path.Combine(root, "nowhere")), Is.False);
        }
        finally { Directory.Delete(root, recursive: true); }
    }

    /// <summary>The system's own words (FileNotFoundException's, in English) are quoted in the Chinese line.</summary>
    [Test]
    public void BookOutCannotBeWritten() => SaidInBoth(2, "book", "--out", "/proc/chapter4-site");

    /// <summary>A staging folder of this process's id that the book did not mark: its own words inside the line above.</summary>
    [Test]
    public void BookStagingFolderIsNotTheBooks()
    {
        string root = CommandsTempFolder();
        try
        {
            string staging = Path.Combine(root, $".site.building-{Environment.ProcessId}");
            Directory.CreateDirectory(staging);
            File.WriteAllText(Path.Combine(staging, "mine.txt"), "mine");
            var (en, zh) = SaidInBoth(2, "book", "--out", Path.Combine(root, "site"));
            Assert.That(en, Does.Contain("already exists and is not the book's"));
            Assert.That(zh, Does.Contain("不是书生成的"));
            Assert.That(File.ReadAllText(Path.Combine(staging, "mine.txt")), Is.EqualTo("mine"));
        }
        finally { Directory.Delete(root, recursive: true); }
    }

    /// <summary>
    /// The site cannot be moved into place: the name the old site is renamed to is taken (by a folder that is not the
    /// book's, so it is kept). One cheap lesson runs first; the error is exit 1, a failure after the build started.
    /// </summary>
    [Test]
    public void BookSiteCannotBeWritten()
    {
        string root = CommandsTempFolder();
        try
        {
            string site = Path.Combine(root, "site");
            Directory.CreateDirectory(site);
            string taken = $"{site}.old-{Environment.ProcessId}";
            Directory.CreateDirectory(taken);
            File.WriteAllText(Path.Combine(taken, "mine.txt"), "mine");
            var (en, _) = SaidInBoth(1, "book", "--out", site, "--only", "momentum");
            Assert.That(en, Does.StartWith("error: book: could not write the site"));
            Assert.That(Directory.GetFileSystemEntries(root).Select(Path.GetFileName), Is.EquivalentTo(new[] { "site", Path.GetFileName(taken) }), "no staging folder left");
        }
        finally { Directory.Delete(root, recursive: true); }
    }

    [Test]
    public void DeviceCudaWithoutCuda()
    {
        if (TorchSharp.torch.cuda.is_available()) Assert.Ignore("this machine has CUDA");
        SaidInBoth(2, "momentum", "--device", "cuda");
        SaidInBoth(2, "book", "--out", Path.Combine(Path.GetTempPath(), "chapter4-never-written"), "--device", "cuda");
    }

    [TestCase("bench", "--workload", "zz")]
    [TestCase("bench", "--workload", "course-mlp,gpu")]
    [TestCase("bench", "--scale", "99")]
    [TestCase("bench", "--scale", "abc")]
    public void BenchRefusal(params string[] args) => SaidInBoth(2, args);

    // ---- messages no command line reaches here: their text in both languages, checked as SaidInBoth checks a line ----

    /// <summary>The English and the Chinese of <paramref name="say"/>: the same numbers, and a Chinese line that is Chinese.</summary>
    private static (string En, string Zh) CommandsTextInBoth(Func<string> say)
    {
        string en = CjkPlotTests.InLanguage(UiLanguage.English, say), zh = CjkPlotTests.InChinese(say);
        Assert.Multiple(() =>
        {
            Assert.That(Sentences.HasChinese(zh), Is.True, zh);
            Assert.That(Sentences.EnglishRun(zh, words: 3), Is.Null, $"English in the Chinese line:\n  {zh}");
            Assert.That(Numbers(zh), Is.EqualTo(Numbers(en)), $"other numbers\n  en: {en}\n  zh: {zh}");
            Assert.That(zh, Does.Not.Contain("\n"));
        });
        return (en, zh);
    }

    private static string CommandsThrown(Action action) => Assert.Throws<LessonInputException>(() => action())!.Message;

    /// <summary>
    /// The repository refusal is shadowed by the current-folder one (the repository is found above the current folder);
    /// "changed during the build" needs someone to write into the site while it builds.
    /// </summary>
    [Test]
    public void BookMessagesNoCommandReaches()
    {
        CommandsTextInBoth(() => BookErrors.Format("out.repository", "/home/me/chapter4"));
        var (en, _) = CommandsTextInBoth(() => BookErrors.Format("changed", "/tmp/site"));
        Assert.That(en, Is.EqualTo("book: '/tmp/site' changed during the build and is no longer a book site; it is left as it is"));
    }

    /// <summary>The "Try this" table is ours: a broken prompt is a mistake of ours, but still one line in the UI language.</summary>
    [TestCase("nosuch", "--lr 1")]
    [TestCase("momentum", "--lr")]
    [TestCase("momentum", "lr 1")]
    [TestCase("momentum", "--seed -1")]
    public void BrokenTryThisPrompt(string lesson, string knobs)
    {
        var (en, zh) = CommandsTextInBoth(() => CommandsThrown(() => BookTryThis.Apply(lesson, knobs)));
        Assert.That(zh, Does.Contain(lesson));
        Assert.That(en, Does.Contain(lesson));
    }

    /// <summary>`bench` checks the names; Benchmark.Run says the same for any other caller.</summary>
    [Test]
    public void BenchmarkUnknownWorkload()
    {
        var (en, _) = CommandsTextInBoth(() => CommandsThrown(() => Benchmark.Run(["zz"], 1, null)));
        Assert.That(en, Is.EqualTo("unknown workload 'zz'; valid: course-mlp, mlp-784, memory"));
    }

    /// <summary>libtorch's own first line stays English, quoted inside a Chinese sentence.</summary>
    [Test]
    public void LibtorchMessages()
    {
        const string Native = "shape '[2, 3]' is invalid for input of size 5";
        var (en, zh) = CommandsTextInBoth(() => RunTexts.Format("run.libtorch", Native));
        Assert.That((en, zh), Is.EqualTo(("libtorch: " + Native, "libtorch 报错：“" + Native + "”")));
        (en, _) = CommandsTextInBoth(() => RunTexts.Format("runtime.load-failed", "libLibTorchSharp.so: cannot open shared object file"));
        Assert.That(en, Does.StartWith("libtorch could not be loaded (libLibTorchSharp.so: cannot open shared object file); rebuild with 'dotnet build'"));
    }

    /// <summary>
    /// The operating system's words (.NET says them in English only) stay as they are, quoted in the Chinese line: a full
    /// disk, a folder that cannot be written, our own bug's message. Reached by `> /dev/full` or an unwritable
    /// --plots-dir after a lesson has printed its (translated) notes, so checked here as text.
    /// </summary>
    [TestCase("RunTexts", "run.cannot-write", "IOException", "No space left on device")]
    [TestCase("RunTexts", "run.internal-error.hint", "NullReferenceException", "Object reference not set to an instance of an object.")]
    [TestCase("RunTexts", "plots.cannot-write", "/tmp/plots/ewma.png", "Access to the path '/tmp/plots/ewma.png' is denied.")]
    [TestCase("RunTexts", "plots.folder-not-writable", "/proc/self", "Could not find file '/proc/self/.chapter4-write-test-17962'.")]
    [TestCase("CliTexts", "cannot-write-output", "IOException", "No space left on device")]
    public void ASystemsOwnMessageIsQuoted(string owner, string key, string first, string system)
    {
        Type type = owner == "CliTexts" ? typeof(CliTexts) : typeof(RunTexts);
        var (en, zh) = CommandsTextInBoth(() => Texts.Format(type, key, first, system));
        Assert.That(en, Does.Contain(system));
        Assert.That(zh, Does.Contain("“" + system + "”"));
    }
}
