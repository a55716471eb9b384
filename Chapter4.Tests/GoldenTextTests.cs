using System.Globalization;
using System.Text.RegularExpressions;
using Chapter4.Tests.Support;
using NUnit.Framework;

namespace Chapter4.Tests;

/// <summary>
/// The project's own text, compared whole with golden files (see <see cref="Golden"/>): the app's and a lesson's
/// help, `list`, `errata`, a `--compare` table, torchsummary's table as `parameters` prints it, and one book page;
/// help, list and a --compare table also in Chinese (--lang zh-CN).
/// </summary>
[TestOf("the command line's text")]
public partial class GoldenTextTests
{
    [TestCase("help.txt", "--help")]
    [TestCase("momentum-help.txt", "momentum", "--help")]
    [TestCase("list.txt", "list")]
    [TestCase("errata.txt", "errata")]
    [TestCase("loss-mse-compare.txt", "loss-mse", "--compare", "--no-plots")]
    [TestCase("lr-step-compare.txt", "lr-step", "--compare", "--no-plots")]
    [TestCase("help.zh-CN.txt", "--help", "--lang", "zh-CN")]
    [TestCase("momentum-help.zh-CN.txt", "momentum", "--help", "--lang", "zh-CN")]
    [TestCase("list.zh-CN.txt", "list", "--lang", "zh-CN")]
    public void CommandTextIsItsGoldenFile(string golden, params string[] args)
    {
        // English unless the case says otherwise, whatever this machine's LANG.
        var r = CliAssert.Run(args.Contains("--lang") ? args : [.. args, "--lang", "en"]);
        Assert.That(r.Exit, Is.Zero, r.Err);
        Golden.AssertMatches(golden, r.Out);
    }

    /// <summary>The --compare table in Chinese (from its heading on: what the lesson says before it is the lesson's): columns aligned by display width.</summary>
    [Test]
    public void TheCompareTableInChineseIsItsGoldenFile()
    {
        var r = CliAssert.Run("loss-mse", "--compare", "--no-plots", "--lang", "zh-CN");
        Assert.That(r.Exit, Is.Zero, r.Err);
        string table = r.Out[r.Out.IndexOf("与 PyTorch ", StringComparison.Ordinal)..];
        Golden.AssertMatches("loss-mse-compare-table.zh-CN.txt", table);
        string[] lines = table.Split('\n');
        // "数值" is two characters four columns wide: "PyTorch" ends in the same column as "1.3" below it (34 + 1 + 16).
        Assert.That(lines[1].IndexOf("PyTorch", StringComparison.Ordinal) + "PyTorch".Length + 2, Is.EqualTo(34 + 1 + 16), lines[1]);
    }

    [Test]
    public void TheSummaryTableIsItsGoldenFileAndItsColumnAddsUpToItsTotal()
    {
        var run = LessonMemo.Of("parameters");
        Assert.That(run.Outcome.ExitCode, Is.Zero, run.Outcome.Error);
        string table = Regex.Match(run.Printed, @"-{64}\n.*?Estimated Total Size \(MB\): [\d.]+\n-{64}\n", RegexOptions.Singleline).Value;
        Golden.AssertMatches("parameters-summary.txt", table);
        // As torchinfo checks its tables: the Param # column sums to "Total params", and trainable + non-trainable = total.
        var rows = LayerRow().Matches(table).Select(m => long.Parse(m.Groups["params"].Value, NumberStyles.AllowThousands, CultureInfo.InvariantCulture)).ToList();
        long total = long.Parse(Regex.Match(table, @"Total params: ([\d,]+)").Groups[1].Value, NumberStyles.AllowThousands, CultureInfo.InvariantCulture);
        long trainable = long.Parse(Regex.Match(table, @"Trainable params: ([\d,]+)").Groups[1].Value, NumberStyles.AllowThousands, CultureInfo.InvariantCulture);
        long frozen = long.Parse(Regex.Match(table, @"Non-trainable params: ([\d,]+)").Groups[1].Value, NumberStyles.AllowThousands, CultureInfo.InvariantCulture);
        Assert.That(rows, Has.Count.EqualTo(3), "one row per Linear");
        Assert.That(rows.Sum(), Is.EqualTo(total));
        Assert.That(trainable + frozen, Is.EqualTo(total));
        // And the total is ModelDemo's by formula: (3·3 + 3) + (3·2 + 2) + (2·2 + 2).
        Assert.That(total, Is.EqualTo((3 * 3 + 3) + (3 * 2 + 2) + (2 * 2 + 2)));
    }

    [Test]
    public void ABookPageIsItsGoldenFile()
    {
        string site = Path.Combine(Directory.CreateTempSubdirectory("chapter4-golden-book-").FullName, "site");
        try
        {
            var r = CliAssert.Run("book", "--out", site, "--only", "adam");
            Assert.That(r.Exit, Is.Zero, r.Err);
            Golden.AssertMatches("book-adam.html", File.ReadAllText(Path.Combine(site, "adam.html")));
        }
        finally
        {
            Directory.Delete(Path.GetDirectoryName(site)!, recursive: true);
        }
    }

    [GeneratedRegex(@"^\s+\S+-\d+\s+\[[-\d, ]+\]\s+(?<params>[\d,]+)$", RegexOptions.Multiline)]
    private static partial Regex LayerRow();
}
