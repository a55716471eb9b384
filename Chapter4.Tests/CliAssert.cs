using Chapter4.App;
using NUnit.Framework;

namespace Chapter4.Tests;

/// <summary>Runs the command line in-process and checks the one-line-error contract.</summary>
internal static class CliAssert
{
    public static (int Exit, string Out, string Err) Run(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        int exit = Cli.Run(args, stdout, stderr);
        return (exit, stdout.ToString(), stderr.ToString());
    }

    /// <summary>
    /// The arguments (plus --no-plots, unless given) are refused: exit 2, exactly one line on stderr that starts with
    /// "error: " and contains <paramref name="mentions"/>, and no .NET or native trace.
    /// </summary>
    public static (int Exit, string Out, string Err) Rejected(string mentions, params string[] args)
    {
        var r = Run(args.Contains("--no-plots") ? args : [.. args, "--no-plots"]);
        Assert.That(r.Exit, Is.EqualTo(2), r.Err);
        Assert.That(r.Err.TrimEnd('\n').Split('\n'), Has.Length.EqualTo(1), r.Err);
        Assert.That(r.Err, Does.StartWith("error: ").And.Contain(mentions));
        Assert.That(r.Err, Does.Not.Contain("   at ").And.Not.Contain("libtorch"), "a stack trace or native error reached the user");
        return r;
    }

    /// <summary>As <see cref="Rejected"/>, and the lesson never started: nothing on stdout.</summary>
    public static void RejectedBeforeRunning(string mentions, params string[] args) =>
        Assert.That(Rejected(mentions, args).Out, Is.Empty, "the lesson ran despite bad settings");
}
