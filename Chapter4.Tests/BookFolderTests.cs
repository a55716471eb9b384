using System.Security.Cryptography;
using Chapter4.Book;
using NUnit.Framework;

namespace Chapter4.Tests;

/// <summary>
/// `book` deletes only what it made (issue 20, the data-loss cases of hostile-input-review-3): on real folders,
/// a folder the book did not write — a repository clone with .git and an uncommitted file — comes out
/// byte-identical, and so do folders beside the target that only look like the book's leftovers.
/// </summary>
[TestOf(typeof(BookFolder))]
[NonParallelizable]
public class BookFolderTests
{
    private string _root = "";

    [SetUp]
    public void MakeRoot() => _root = Directory.CreateTempSubdirectory("chapter4-bookfolder-").FullName;

    [TearDown]
    public void RemoveRoot() => Directory.Delete(_root, recursive: true);

    /// <summary>Every file under the folder (hidden ones and .git included) with its SHA-256: equal means untouched.</summary>
    private static SortedDictionary<string, string> Snapshot(string folder)
    {
        var files = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (string path in Directory.EnumerateFileSystemEntries(folder, "*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0 }))
            files[Path.GetRelativePath(folder, path)] = Directory.Exists(path) ? "dir" : Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(path)));
        return files;
    }

    /// <summary>A folder shaped like a clone of this repository with work in progress.</summary>
    private string Clone()
    {
        string clone = Path.Combine(_root, "clone");
        Directory.CreateDirectory(Path.Combine(clone, ".git", "objects"));
        File.WriteAllText(Path.Combine(clone, ".git", "HEAD"), "ref: refs/heads/main\n");
        File.WriteAllText(Path.Combine(clone, "Chapter4.sln"), "solution\n");
        File.WriteAllText(Path.Combine(clone, "my-notes.txt"), "uncommitted work\n");
        Directory.CreateDirectory(Path.Combine(clone, "plots"));
        File.WriteAllText(Path.Combine(clone, "plots", "ewma.png"), "not really a png");
        return clone;
    }

    private static void AssertRefused((int Exit, string Out, string Err) run, string mentions)
    {
        Assert.That(run.Exit, Is.EqualTo(2), run.Err);
        Assert.That(run.Out, Is.Empty, "nothing ran");
        Assert.That(run.Err.TrimEnd('\n').Split('\n'), Has.Length.EqualTo(1), run.Err);
        Assert.That(run.Err, Does.StartWith("error: --out: ").And.Contain(mentions));
    }

    private static (int Exit, string Out, string Err) InFolder(string folder, params string[] args)
    {
        string before = Directory.GetCurrentDirectory();
        Directory.SetCurrentDirectory(folder);
        try { return CliAssert.Run(args); }
        finally { Directory.SetCurrentDirectory(before); }
    }

    [Test]
    public void TheCurrentFolderTheRepositoryAndWhatContainsThemAreRefusedAndUntouched()
    {
        string clone = Clone();
        var before = Snapshot(clone);
        AssertRefused(InFolder(clone, "book", "--out", "."), "the current folder");
        AssertRefused(InFolder(Path.Combine(clone, "plots"), "book", "--out", ".."), "the current folder");
        AssertRefused(InFolder(clone, "book", "--out", "plots"), "plots folder");
        AssertRefused(InFolder(Path.Combine(clone, "plots"), "book", "--out", Path.Combine(clone, "plots")), "the current folder");
        AssertRefused(InFolder(_root, "book", "--out", clone), "did not write");
        AssertRefused(InFolder(_root, "book", "--out", "/"), "root folder");
        Assert.That(Snapshot(clone), Is.EqualTo(before));
        Assert.That(Directory.GetFileSystemEntries(_root).Select(Path.GetFileName), Is.EqualTo(new[] { "clone" }), "no staging folder either");
    }

    [Test]
    public void AFolderTheBookDidNotWriteIsRefusedEvenThroughASymbolicLink()
    {
        string user = Path.Combine(_root, "photos");
        Directory.CreateDirectory(user);
        File.WriteAllText(Path.Combine(user, "holiday.jpg"), "bytes");
        // Looks like a site at first glance, but holds a file the book never writes.
        File.WriteAllText(Path.Combine(user, "index.html"), "<header class=\"book\">\n<h1>Chapter4</h1>");
        var before = Snapshot(user);
        AssertRefused(CliAssert.Run("book", "--out", user), "did not write");
        string link = Path.Combine(_root, "link");
        Directory.CreateSymbolicLink(link, user);
        AssertRefused(CliAssert.Run("book", "--out", link), "did not write");
        Assert.That(Snapshot(user), Is.EqualTo(before));
        Assert.That(new DirectoryInfo(link).LinkTarget, Is.EqualTo(user));
    }

    [Test]
    public void LookalikeLeftoversBesideTheTargetSurviveAFailedBuildAndMarkedAbandonedOnesGo()
    {
        string lookalikeOld = Path.Combine(_root, "site.old-99999");
        string lookalikeStaging = Path.Combine(_root, ".site.building-99998");
        string abandoned = Path.Combine(_root, ".site.building-2147483646");
        foreach (string dir in new[] { lookalikeOld, lookalikeStaging, abandoned })
        {
            Directory.CreateDirectory(dir);
            File.WriteAllText(Path.Combine(dir, "keep.txt"), "mine");
        }
        // What a build stopped by Ctrl-C leaves: marked by the book, its process (id 2147483646) long gone.
        BookFolder.Mark(abandoned);
        var before = (Snapshot(lookalikeOld), Snapshot(lookalikeStaging));

        // momentum at lr 1e30 overflows float32: the build fails (exit 1) after it started.
        var run = CliAssert.Run("book", "--out", Path.Combine(_root, "site"), "--only", "momentum,adam", "--set", "momentum:lr=1e30");
        Assert.That(run.Exit, Is.EqualTo(1), run.Err);
        Assert.That((Snapshot(lookalikeOld), Snapshot(lookalikeStaging)), Is.EqualTo(before));
        Assert.That(Directory.Exists(abandoned), Is.False, "a marked staging folder of a dead process is the book's to remove");
        Assert.That(BookFolder.HasMarker(Path.Combine(_root, "site")), "the site carries the marker");
        Assert.That(Directory.GetFileSystemEntries(_root).Select(Path.GetFileName),
            Is.EquivalentTo(new[] { "site", "site.old-99999", ".site.building-99998" }));
    }

    [Test]
    public void AnEmptyFolderAndAnUntouchedSiteAreReplacedButNotASiteWithAUserFile()
    {
        string site = Path.Combine(_root, "site");
        Directory.CreateDirectory(site);
        var run = CliAssert.Run("book", "--out", site, "--only", "adam");
        Assert.That(run.Exit, Is.Zero, run.Err);
        string marker = File.ReadAllText(Path.Combine(site, BookFolder.MarkerName));
        Assert.That(marker, Does.StartWith("Chapter4 book site\nwritten by Chapter4 ").And.Contain("\nwrote: adam.html\n").And.Contain("\nwrote: plots\n"));
        Assert.That(CliAssert.Run("book", "--out", site, "--only", "adam").Exit, Is.Zero, "the book's own site, untouched, is replaced");

        // A file the user put into the site is not the book's: the folder is refused and stays as it is.
        File.WriteAllText(Path.Combine(site, "notes.txt"), "mine");
        var before = Snapshot(site);
        AssertRefused(CliAssert.Run("book", "--out", site, "--only", "adam"), "did not write");
        Assert.That(Snapshot(site), Is.EqualTo(before));

        // A hand-made marker (its first line only) lists nothing, so it proves nothing.
        string handMade = Path.Combine(_root, "hand-made");
        Directory.CreateDirectory(handMade);
        File.WriteAllText(Path.Combine(handMade, BookFolder.MarkerName), "Chapter4 book site\n");
        File.WriteAllText(Path.Combine(handMade, "notes.txt"), "mine");
        AssertRefused(CliAssert.Run("book", "--out", handMade, "--only", "adam"), "did not write");
        Assert.That(File.ReadAllText(Path.Combine(handMade, "notes.txt")), Is.EqualTo("mine"));
    }

    [Test]
    public void ASiteFromBeforeTheMarkerIsRefusedWithHowToReplaceIt()
    {
        // Only the book's file names and its header, but no marker: not provably the book's (a user can write the same).
        string earlier = Path.Combine(_root, "earlier");
        Directory.CreateDirectory(Path.Combine(earlier, "plots"));
        File.WriteAllText(Path.Combine(earlier, "index.html"), "<!DOCTYPE html>\n<header class=\"book\">\n<h1>Chapter4</h1>\n");
        File.WriteAllText(Path.Combine(earlier, "plots", "photo.png"), "png");
        var before = Snapshot(earlier);
        AssertRefused(CliAssert.Run("book", "--out", earlier, "--only", "adam"), "delete this one yourself");
        Assert.That(Snapshot(earlier), Is.EqualTo(before));
    }

    [Test]
    public void AMarkerThatIsAFifoALoopOrADanglingLinkIsRefusedWithoutHanging()
    {
        string fifo = Path.Combine(_root, "fifo");
        Directory.CreateDirectory(fifo);
        using (var mkfifo = System.Diagnostics.Process.Start("mkfifo", Path.Combine(fifo, BookFolder.MarkerName))) mkfifo.WaitForExit();
        File.WriteAllText(Path.Combine(fifo, "notes.txt"), "mine");
        var task = Task.Run(() => CliAssert.Run("book", "--out", fifo, "--only", "adam"));
        Assert.That(task.Wait(TimeSpan.FromSeconds(30)), Is.True, "a FIFO named like the marker must not block the book");
        AssertRefused(task.Result, "did not write");

        File.CreateSymbolicLink(Path.Combine(_root, "loopA"), Path.Combine(_root, "loopB"));
        File.CreateSymbolicLink(Path.Combine(_root, "loopB"), Path.Combine(_root, "loopA"));
        AssertRefused(CliAssert.Run("book", "--out", Path.Combine(_root, "loopA"), "--only", "adam"), "symbolic link");
        File.CreateSymbolicLink(Path.Combine(_root, "dangling"), Path.Combine(_root, "nowhere"));
        AssertRefused(CliAssert.Run("book", "--out", Path.Combine(_root, "dangling"), "--only", "adam"), "does not exist");
        Assert.That(Directory.Exists(Path.Combine(_root, "nowhere")), Is.False, "nothing is made through a dangling link");
    }

    [Test]
    public void AChainOfLinksCannotDisguiseTheCurrentFolder()
    {
        // The reviewer's chain: lnk → . and chain → lnk/here, standing in here: --out ../chain is the current folder.
        string w = Path.Combine(_root, "w");
        Directory.CreateDirectory(Path.Combine(w, "here"));
        File.CreateSymbolicLink(Path.Combine(w, "lnk"), ".");
        File.CreateSymbolicLink(Path.Combine(w, "chain"), "lnk/here");
        AssertRefused(InFolder(Path.Combine(w, "here"), "book", "--out", "../chain", "--only", "adam"), "the current folder");
        Assert.That(Directory.Exists(Path.Combine(w, "here")), Is.True);
    }

    [Test]
    public void AnEmptyOnlyIsBadInputAndReplacesNothing()
    {
        string site = Path.Combine(_root, "site");
        Assert.That(CliAssert.Run("book", "--out", site, "--only", "adam").Exit, Is.Zero);
        var before = Snapshot(site);
        var book = CliAssert.Run("book", "--out", site, "--only", "");
        Assert.That((book.Exit, book.Out), Is.EqualTo((2, "")));
        Assert.That(book.Err, Does.Contain("--only needs at least one lesson id"));
        Assert.That(Snapshot(site), Is.EqualTo(before), "a site of no pages did not replace the one there");
        Assert.That(CliAssert.Run("all", "--only", " , ").Exit, Is.EqualTo(2));
    }

    [Test]
    public void AnUnwritableOutIsBadInputBeforeAnythingRuns()
    {
        AssertRefused(CliAssert.Run("book", "--out", "/proc/chapter4-site"), "cannot write in '/proc'");
        Assert.That(Directory.Exists("/proc/chapter4-site"), Is.False);
    }
}
