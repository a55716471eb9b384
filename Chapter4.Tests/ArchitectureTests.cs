using Chapter4.Harness;
using NetArchTest.Rules;
using NUnit.Framework;

namespace Chapter4.Tests;

/// <summary>
/// The layers of Chapter4, read from the compiled types (NetArchTest): the command line sits on top and nothing
/// depends on it; the book and the benchmark use the lessons' machinery but not the command line; the lessons use
/// the shared mechanics but no command, book or benchmark; the shared mechanics know no lesson; and the printing
/// that the snippets borrow depends on nothing of Chapter4.
/// </summary>
[TestOf("Chapter4's folders and namespaces")]
public class ArchitectureTests
{
    private static Types Chapter4Types => Types.InAssembly(typeof(Lesson).Assembly);

    private static void AssertHolds(ConditionList condition, string rule)
    {
        var result = condition.GetResult();
        Assert.That(result.IsSuccessful, $"{rule}; broken by: {string.Join(", ", result.FailingTypeNames ?? [])}");
    }

    [Test]
    public void NothingDependsOnTheCommandLine() =>
        AssertHolds(Chapter4Types.That().DoNotResideInNamespace("Chapter4.App").And().DoNotHaveName("Program")
            .ShouldNot().HaveDependencyOn("Chapter4.App"), "only Program uses Chapter4.App");

    [Test]
    public void TheBookAndTheBenchmarkDoNotDependOnEachOther()
    {
        AssertHolds(Chapter4Types.That().ResideInNamespace("Chapter4.Book").ShouldNot().HaveDependencyOn("Chapter4.Bench"), "Book does not use Bench");
        AssertHolds(Chapter4Types.That().ResideInNamespace("Chapter4.Bench").ShouldNot().HaveDependencyOn("Chapter4.Book"), "Bench does not use Book");
    }

    [TestCase("Chapter4.Lessons")]
    [TestCase("Chapter4.Models")]
    public void LessonsAndModelsUseNoCommandBookOrBenchmark(string layer) =>
        AssertHolds(Chapter4Types.That().ResideInNamespace(layer)
            .ShouldNot().HaveDependencyOnAny("Chapter4.App", "Chapter4.Book", "Chapter4.Bench"), $"{layer} uses no App, Book or Bench");

    [TestCase("Chapter4.Harness")]
    [TestCase("Chapter4.Course")]
    [TestCase("Chapter4.Parity")]
    [TestCase("Chapter4.Training")]
    [TestCase("Chapter4.Plotting")]
    [TestCase("Chapter4.Files")]
    [TestCase("Chapter4.Claims")]
    [TestCase("Chapter4.Language")]
    public void SharedMechanicsKnowNoLesson(string layer) =>
        AssertHolds(Chapter4Types.That().ResideInNamespace(layer)
            .ShouldNot().HaveDependencyOnAny("Chapter4.Lessons", "Chapter4.Models", "Chapter4.App", "Chapter4.Book", "Chapter4.Bench"),
            $"{layer} depends on no lesson, model, command, book or benchmark");

    [Test]
    public void PrintingDependsOnNothingOfChapter4() =>
        // The snippets compile Chapter4/Printing/*.cs alone (#:include): it may use TorchSharp and nothing else of ours.
        AssertHolds(Chapter4Types.That().ResideInNamespace("Chapter4.Printing")
            .ShouldNot().HaveDependencyOnAny("Chapter4.App", "Chapter4.Book", "Chapter4.Bench", "Chapter4.Lessons", "Chapter4.Models",
                "Chapter4.Harness", "Chapter4.Course", "Chapter4.Parity", "Chapter4.Training", "Chapter4.Plotting", "Chapter4.Files",
                "Chapter4.Claims", "Chapter4.Language"),
            "Chapter4.Printing depends on TorchSharp alone");

    [Test]
    public void EveryTypeLivesInAFolderNamespace()
    {
        string[] layers = ["Chapter4.App", "Chapter4.Book", "Chapter4.Bench", "Chapter4.Lessons", "Chapter4.Models", "Chapter4.Harness",
            "Chapter4.Course", "Chapter4.Parity", "Chapter4.Training", "Chapter4.Plotting", "Chapter4.Files", "Chapter4.Printing",
            "Chapter4.Claims", "Chapter4.Language"];
        var stray = typeof(Lesson).Assembly.GetTypes()
            .Where(t => t.Namespace is { } ns && ns.StartsWith("Chapter4", StringComparison.Ordinal) && !layers.Contains(ns))
            .Where(t => !t.Name.StartsWith('<') && t.Name != "Program")
            .Select(t => t.FullName).ToList();
        Assert.That(stray, Is.Empty, "a namespace outside the known layers: add it to these rules");
    }
}
