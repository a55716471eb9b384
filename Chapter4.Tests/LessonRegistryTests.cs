using System.Text.RegularExpressions;
using Chapter4.App;
using Chapter4.Course;
using Chapter4.Files;
using Chapter4.Harness;
using Chapter4.Tests.Support;
using NUnit.Framework;

namespace Chapter4.Tests;

/// <summary>Meta-tests over every lesson, in the spirit of ScottPlot's cookbook tests.</summary>
[TestOf(typeof(LessonRegistry))]
public class LessonRegistryTests
{
    public static IEnumerable<string> LessonIds => LessonRegistry.Ids;

    [Test]
    public void IdsAreUniqueAndKebabCase()
    {
        var ids = LessonRegistry.Ids;
        Assert.That(ids, Is.Unique);
        Assert.That(ids, Has.All.Matches<string>(id => Regex.IsMatch(id, "^[a-z0-9]+(-[a-z0-9]+)*$")));
        Assert.That(ids, Has.None.AnyOf("list", "all", "help", "bench"), "a lesson id hides a command");
    }

    [Test]
    public void EveryLessonHasSectionAndDescription()
    {
        foreach (Lesson lesson in LessonRegistry.All())
        {
            Assert.That(lesson.Section.Chinese, Is.Not.Empty, lesson.Id);
            Assert.That(lesson.Section.English, Is.Not.Empty, lesson.Id);
            Assert.That(lesson.Description, Is.Not.Empty, lesson.Id);
            Assert.That(lesson.Description, Does.Not.Contain("\n"), lesson.Id);
        }
    }

    [Test]
    public void ListShowsEveryHeadingInCourseOrderWithItsLessons()
    {
        var stdout = new StringWriter();
        Assert.That(Cli.Run(["list"], stdout, new StringWriter()), Is.Zero);
        string[] lines = stdout.ToString().Split('\n');
        var ids = LessonRegistry.Ids.ToHashSet();
        var listed = lines.Select(l => l.TrimStart().Split(' ')[0]).Where(ids.Contains).ToList();
        Assert.That(listed, Is.EqualTo(LessonRegistry.Ids), "every lesson once, in course order");
        var headings = lines.Select(l => l.TrimStart()).Where(l => l.Length > 0 && char.IsDigit(l[0])).ToList();
        Assert.That(headings, Is.EqualTo(CourseOutline.Sections.Select(h => $"{h.Number} {h.Chinese} — {h.English}")), "every heading once, in order");
        var sections = LessonRegistry.All().Select(l => l.Section).ToList();
        Assert.That(sections, Is.Ordered.Using<CourseSection>(Comparer<CourseSection>.Create(CourseSection.Compare)));
        foreach (Lesson l in LessonRegistry.All())
            Assert.That(CourseOutline.Sections, Does.Contain(l.Section), $"{l.Id}'s section is a heading of the course");
        foreach (CourseSection heading in CourseOutline.Sections)
        {
            bool covered = LessonRegistry.All().Any(l => l.Section == heading)
                || CourseOutline.Sections.Any(h => h.Number.StartsWith(heading.Number + ".", StringComparison.Ordinal));
            Assert.That(covered || heading.Note is not null, Is.True, $"{heading} has neither a lesson nor a note");
        }
    }

    /// <summary>The outline is the course's: every markdown heading outside code blocks, in order (优点/缺点 are sub-lists of 1.3).</summary>
    [Test]
    public void TheOutlineIsTheCoursesHeadings()
    {
        string? root = Repository.FindRoot(AppContext.BaseDirectory);
        string notes = Path.Combine(root ?? "", "..", "shared", "seed", "chapter4-course-notes.md");
        Skip.Unless(File.Exists(notes), "the course notes are not beside this checkout");
        var headings = new List<string>();
        bool inCode = false;
        foreach (string line in File.ReadLines(notes))
        {
            if (line.TrimStart().StartsWith("```", StringComparison.Ordinal)) inCode = !inCode;
            else if (!inCode && line.StartsWith("##", StringComparison.Ordinal)) headings.Add(line.TrimStart('#').Trim());
        }
        headings.RemoveAll(h => h is "优点" or "缺点");
        Assert.That(CourseOutline.Sections.Select(h => h.Chinese), Is.EqualTo(headings));
    }

    [TestCaseSource(nameof(LessonIds))]
    public void RunsWithNoPlotsAndReturnsResults(string id)
    {
        var outcome = LessonMemo.Of(id).Outcome;
        Assert.That(outcome.ExitCode, Is.Zero, outcome.Error);
        var json = outcome.ToJson();
        Assert.That((string?)json["lesson"], Is.EqualTo(id));
        Assert.That((long?)json["seed"], Is.EqualTo(LessonRegistry.Find(id)!.DefaultSeed));
        Assert.That(json["results"]!.AsObject(), Is.Not.Empty);
    }

    [TestCaseSource(nameof(LessonIds))]
    public void HelpListsEveryKnobWithItsDefault(string id)
    {
        var stdout = new StringWriter();
        Assert.That(Cli.Run([id, "--help"], stdout, new StringWriter()), Is.Zero);
        Lesson lesson = LessonRegistry.Find(id)!;
        foreach (KnobInfo knob in Knobs.Of(lesson.GetType()))
            Assert.That(stdout.ToString(), Does.Contain("--" + knob.Name).And.Contain("default " + knob.DefaultText(lesson)));
    }
}
