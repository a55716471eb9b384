using System.Text.Json.Nodes;
using Chapter4.Course;
using Chapter4.Harness;
using Chapter4.Tests.Support;
using NUnit.Framework;

namespace Chapter4.Tests;

/// <summary>The course's mistakes are listed by `errata` and printed by the lessons that mirror the erring snippets.</summary>
[TestOf(typeof(CourseErrata))]
public class ErrataTests
{
    [Test]
    public void ErrataJsonListsEveryErratumWithItsFields()
    {
        var r = CliAssert.Run("errata", "--json");
        Assert.That(r.Exit, Is.Zero, r.Err);
        var errata = JsonNode.Parse(r.Out)!.AsArray();
        Assert.That(errata, Has.Count.GreaterThanOrEqualTo(20));
        foreach (JsonNode? e in errata)
        {
            Assert.That(e!.AsObject().Select(kv => kv.Key), Is.EqualTo(new[] { "section", "course", "correction", "lessons" }));
            Assert.That(e["lessons"]!.AsArray().Select(l => (string)l!), Is.Not.Empty.And.All.Matches<string>(id => LessonRegistry.Find(id) is not null));
            Assert.That(CourseOutline.Sections.Select(h => h.ToString()), Does.Contain((string)e["section"]!));
        }
    }

    public static IEnumerable<TestCaseData> Printed() =>
        CourseErrata.All.SelectMany(e => e.Lessons.Select(id => new TestCaseData(id, e.Line).SetName($"{id} prints '{e.Course[..Math.Min(30, e.Course.Length)]}…'")));

    [TestCaseSource(nameof(Printed))]
    public void EachLessonPrintsItsErrataWhereTheLearnerMeetsThem(string lesson, string line)
    {
        var run = LessonMemo.Of(lesson);
        Assert.That(run.Outcome.ExitCode, Is.Zero, run.Outcome.Error);
        Assert.That(run.Text.Split('\n'), Does.Contain(line));
        Assert.That(line, Does.StartWith("Course erratum: "));
    }
}
