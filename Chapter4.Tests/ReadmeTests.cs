using System.Globalization;
using System.Text.RegularExpressions;
using Chapter4.Course;
using Chapter4.Files;
using Chapter4.Harness;
using Chapter4.Parity;
using NUnit.Framework;

namespace Chapter4.Tests;

/// <summary>
/// Every count the README's prose states is recomputed here from the code and the fixtures, so adding a lesson, a
/// plot, an erratum or a fixture entry cannot leave the README wrong: the test fails and names the number.
/// </summary>
[TestOf("README.md")]
public partial class ReadmeTests
{
    private static readonly string Readme = File.ReadAllText(Path.Combine(Repository.FindRoot(AppContext.BaseDirectory)!, "README.md"));

    private static long Count(string pattern)
    {
        var m = Regex.Match(Readme.Replace("\n", " "), pattern);
        Assert.That(m.Success, $"the README no longer says /{pattern}/");
        return long.Parse(m.Groups[1].Value, NumberStyles.AllowThousands, CultureInfo.InvariantCulture);
    }

    [Test]
    public void TheErrataCountIsTheCoursesErrata() =>
        Assert.That(Count(@"`Course erratum:` \((\d+) of them"), Is.EqualTo(CourseErrata.All.Count));

    [Test]
    public void TheLessonAndPlotCountsAreTheRegistrys()
    {
        Assert.That(Count(@"`all` \((\d+) lessons, \d+ plots\)"), Is.EqualTo(LessonRegistry.Ids.Count));
        Assert.That(Count(@"`all` \(\d+ lessons, (\d+) plots\)"), Is.EqualTo(LessonRegistry.All().Sum(l => l.Plots.Count)));
    }

    /// <summary>The parity paragraph: entries, lessons, values and the bit-exact count are those of the fixtures, run now.</summary>
    [Test]
    public void TheParityCountsAreTheFixtures()
    {
        var entries = ParityTests.Entries().Select(t => (ReferenceEntry)t.Arguments[0]!).ToList();
        int values = 0, exact = 0;
        var notExact = new HashSet<string>();
        foreach (ReferenceEntry entry in entries)
        {
            var (outcome, _) = ParityTests.Run(entry);
            var c = ResultComparison.Compare(entry.Results, outcome.Results);
            values += c.Values.Count;
            exact += c.Values.Count(v => v.BitExactFloat32);
            if (c.Values.Any(v => !v.BitExactFloat32)) notExact.Add(entry.Lesson);
        }
        Assert.That(Count(@"measured over all (\d+) fixture entries"), Is.EqualTo(entries.Count));
        Assert.That(Count(@"fixture entries \((\d+) lessons"), Is.EqualTo(entries.Select(e => e.Lesson).Distinct().Count()));
        Assert.That(Count(@"fixture entries \(\d+ lessons, ([\d,]+) values\)"), Is.EqualTo(values));
        Assert.That(Count(@"values\):\s+([\d,]+) \(\d+%\) are bit-exact"), Is.EqualTo(exact));
        Assert.That(Count(@"values\):\s+[\d,]+ \((\d+)%\) are bit-exact"), Is.EqualTo((long)Math.Round(100.0 * exact / values)));
        // The lessons named as entirely bit-exact are exactly those.
        string named = Regex.Match(Readme.Replace("\n", " "), @"among them every value of (.*?)\. Every other").Groups[1].Value;
        var listed = LessonId().Matches(named).Select(m => m.Groups[1].Value).ToHashSet();
        Assert.That(listed, Is.EquivalentTo(entries.Select(e => e.Lesson).Distinct().Where(l => !notExact.Contains(l))));
    }

    [GeneratedRegex("`([a-z0-9-]+)`")]
    private static partial Regex LessonId();
}
