using System.Diagnostics;
using Chapter4.Files;
using Chapter4.Tests.Support;
using NUnit.Framework;

namespace Chapter4.Tests;

/// <summary>
/// A learner's runs never change a tracked file (issue 21): in a fresh clone of this repository, `all`, `book` and
/// a lesson with a knob turned write their plots and pages, and `git status` stays empty.
/// </summary>
[TestOf("plots/ and book/ are not tracked")]
[NonParallelizable]
public class RepositoryCleanTests
{
    private static (int Exit, string Out) Git(params string[] args)
    {
        var start = new ProcessStartInfo("git", args) { RedirectStandardOutput = true, RedirectStandardError = true };
        using var git = Process.Start(start)!;
        string output = git.StandardOutput.ReadToEnd();
        git.StandardError.ReadToEnd();
        git.WaitForExit();
        return (git.ExitCode, output);
    }

    [Test]
    public void AllBookAndAKnobbedLessonLeaveGitStatusEmpty()
    {
        string? root = Repository.FindRoot(AppContext.BaseDirectory);
        Skip.Unless(root is not null && Directory.Exists(Path.Combine(root, ".git")), "not a git checkout");
        string clone = Path.Combine(Directory.CreateTempSubdirectory("chapter4-clean-").FullName, "clone");
        string before = Directory.GetCurrentDirectory();
        try
        {
            Assert.That(Git("clone", "--quiet", "--no-hardlinks", root!, clone).Exit, Is.Zero);
            Assert.That(Git("-C", clone, "status", "--porcelain").Out, Is.Empty, "a fresh clone is clean");
            Directory.SetCurrentDirectory(clone);
            Assert.That(CliAssert.Run("all", "--only", "ewma,lr-step").Exit, Is.Zero);
            Assert.That(CliAssert.Run("lr-step", "--step-size", "30").Exit, Is.Zero);
            Assert.That(CliAssert.Run("book", "--only", "adam,lr-exponential").Exit, Is.Zero);
            Directory.SetCurrentDirectory(before);
            Assert.That(File.Exists(Path.Combine(clone, "plots", "lr-step.png")), "the runs wrote their plots into the clone");
            Assert.That(File.Exists(Path.Combine(clone, "book", "index.html")), "and the book");
            Assert.That(Git("-C", clone, "status", "--porcelain").Out, Is.Empty, "git status after the runs");
        }
        finally
        {
            Directory.SetCurrentDirectory(before);
            Directory.Delete(Path.GetDirectoryName(clone)!, recursive: true);
        }
    }
}
