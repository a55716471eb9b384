using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Chapter4.App;
using Chapter4.Harness;
using NUnit.Framework;

namespace Chapter4.Tests;

/// <summary>Meta-tests over every lesson, in the spirit of ScottPlot's cookbook tests.</summary>
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
    public void ListShowsExactlyTheRegistryInCourseOrder()
    {
        var stdout = new StringWriter();
        Assert.That(Cli.Run(["list"], stdout, new StringWriter()), Is.Zero);
        var listed = stdout.ToString().Split('\n')
            .Where(l => l.Length > 0 && l[0] != ' ')
            .Select(l => l.Split(' ')[0])
            .ToList();
        Assert.That(listed, Is.EqualTo(LessonRegistry.Ids));
        var sections = LessonRegistry.All().Select(l => l.Section).ToList();
        Assert.That(sections, Is.Ordered.Using<CourseSection>(Comparer<CourseSection>.Create(CourseSection.Compare)));
        foreach (Lesson l in LessonRegistry.All())
            Assert.That(stdout.ToString(), Does.Contain(l.Section.Chinese).And.Contain(l.Description));
    }

    [TestCaseSource(nameof(LessonIds))]
    public void RunsWithNoPlotsAndReturnsResults(string id)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        int exit = Cli.Run([id, "--no-plots", "--json"], stdout, stderr);
        Assert.That(exit, Is.Zero, stderr.ToString());
        var json = JsonNode.Parse(stdout.ToString())!.AsObject();
        Assert.That((string?)json["lesson"], Is.EqualTo(id));
        Assert.That((long?)json["seed"], Is.Zero);
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
