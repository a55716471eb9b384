using System.Text.Json.Nodes;
using Chapter4.App;
using Chapter4.Files;
using Chapter4.Harness;
using NUnit.Framework;

namespace Chapter4.Tests;

/// <summary>What System.CommandLine gives the learner, kept inside our one-line, exit-2 contract.</summary>
[TestOf(typeof(Cli))]
public class CommandLineTests
{
    private static string RepositoryRoot => Repository.FindRoot(AppContext.BaseDirectory)!;

    [Test]
    public void VersionIsPrinted()
    {
        var r = CliAssert.Run("--version");
        Assert.Multiple(() =>
        {
            Assert.That(r.Exit, Is.Zero, r.Err);
            Assert.That(r.Out, Does.Match(@"^\d+\.\d+\.\d+"));
        });
    }

    [Test]
    public void AMistypedLessonGetsADidYouMean()
    {
        var r = CliAssert.Rejected("did you mean 'model'?", "modle");
        Assert.That(r.Err, Does.Contain("unknown lesson or command 'modle'"));
    }

    [Test]
    public void AMistypedOptionGetsADidYouMean() =>
        CliAssert.Rejected("unknown option '--sed' for 'model'; did you mean '--seed'?", "model", "--sed", "3");

    [Test]
    public void OptionsBeforeTheCommandSayWhereTheyGo() =>
        CliAssert.Rejected("'--seed' must come after the command", "--seed", "3", "model");

    [TestCase("list", "--help")]
    [TestCase("model", "-h")]
    [TestCase("bench", "-h")]
    [TestCase("all", "--help")]
    [TestCase("help", "model")]
    public void HelpWorksOnEveryCommand(string command, string flag)
    {
        var r = CliAssert.Run(command, flag);
        Assert.Multiple(() =>
        {
            Assert.That(r.Exit, Is.Zero, r.Err);
            Assert.That(r.Out, Does.Contain("Usage:"));
            Assert.That(r.Err, Is.Empty);
        });
    }

    [Test]
    public void HelpWinsOverOtherMistakes()
    {
        var r = CliAssert.Run("model", "--help", "--bogus", "1");
        Assert.That(r.Exit, Is.Zero, r.Err);
        Assert.That(r.Out, Does.Contain("--weights"));
    }

    [Test]
    public void LessonHelpNamesTheSourceFiles()
    {
        var r = CliAssert.Run("momentum", "--help");
        Assert.That(r.Out, Does.Contain("Chapter4/Lessons/MomentumLesson.cs").And.Contain("tools/parity/twins_optim.py"));
    }

    [Test]
    public void ListJsonNamesEveryLessonWithAnExistingSourceFile()
    {
        var r = CliAssert.Run("list", "--json");
        Assert.That(r.Exit, Is.Zero, r.Err);
        var lessons = JsonNode.Parse(r.Out)!.AsArray();
        Assert.That(lessons.Select(l => (string)l!["id"]!), Is.EqualTo(LessonRegistry.Ids));
        foreach (JsonNode? l in lessons)
        {
            Assert.That(l!.AsObject().Select(kv => kv.Key), Is.SupersetOf(new[] { "id", "section", "description", "source", "plots" }));
            Assert.That(File.Exists(Path.Combine(RepositoryRoot, (string)l["source"]!)), Is.True, (string)l["source"]!);
            string source = File.ReadAllText(Path.Combine(RepositoryRoot, (string)l["source"]!));
            Lesson lesson = LessonRegistry.Find((string)l["id"]!)!;
            Assert.That(source, Does.Contain("class " + lesson.GetType().Name), "the file declares the lesson's class");
        }
    }

    /// <summary>The course view first (issue 22): momentum's --source reaches optim.SGD within 25 lines, with no base class in sight.</summary>
    [Test]
    public void SourceShowsTheSnippetPairFirst()
    {
        var r = CliAssert.Run("momentum", "--source");
        Assert.That(r.Exit, Is.Zero, r.Err);
        string[] lines = r.Out.Split('\n');
        Assert.That(Array.FindIndex(lines, l => l.Contains("torch.optim.SGD(", StringComparison.Ordinal)), Is.InRange(0, 24));
        Assert.That(r.Out, Does.Not.Contain("abstract class"));
        Assert.That(r.Out, Does.Contain(File.ReadAllText(Path.Combine(RepositoryRoot, "snippets/3.3.3-momentum.cs"))));
        Assert.That(r.Out, Does.Contain(File.ReadAllText(Path.Combine(RepositoryRoot, "snippets/3.3.3-momentum.py"))));
        Assert.That(lines[^2], Does.StartWith("Deep dive: Chapter4/Lessons/MomentumLesson.cs"));
        // A lesson beyond the course shows its own Run.
        var logits = CliAssert.Run("logits", "--source");
        Assert.That(logits.Out.Split('\n')[4], Is.EqualTo("public override void Run(LessonContext ctx)"));
        CliAssert.Rejected("--full goes with --source", "momentum", "--full");
    }

    [Test]
    public void SourceFullShowsTheCSharpClassAndThePythonTwin()
    {
        var r = CliAssert.Run("momentum", "--source", "--full");
        Assert.That(r.Exit, Is.Zero, r.Err);
        // The base class (where the script runs) and the lesson's own class, each as written in its file.
        string csharpFile = File.ReadAllText(Path.Combine(RepositoryRoot, "Chapter4/Lessons/OptimizerStepsLesson.cs")) +
                            File.ReadAllText(Path.Combine(RepositoryRoot, "Chapter4/Lessons/MomentumLesson.cs"));
        string pythonFile = File.ReadAllText(Path.Combine(RepositoryRoot, "tools/parity/twins_optim.py"));
        int csharp = r.Out.IndexOf("C#  (Chapter4/Lessons/MomentumLesson.cs)", StringComparison.Ordinal);
        int python = r.Out.IndexOf("Python  (tools/parity/twins_optim.py", StringComparison.Ordinal);
        Assert.Multiple(() =>
        {
            Assert.That(csharp, Is.GreaterThanOrEqualTo(0), "a C# heading");
            Assert.That(python, Is.GreaterThan(csharp), "a Python heading after it");
            Assert.That(r.Out, Does.Contain("public sealed class MomentumLesson"));
            Assert.That(r.Out, Does.Contain("optim.SGD(p, lr=lr, momentum=momentum)"));
        });
        // Every shown line is a line of the two files, as written (nothing paraphrased).
        foreach (string line in r.Out[(csharp + 1)..python].Split('\n').Skip(2).Where(l => l.Trim().Length > 0))
            Assert.That(csharpFile, Does.Contain(line), line);
        foreach (string line in r.Out[python..].Split('\n').Skip(2).Where(l => l.Trim().Length > 0))
            Assert.That(pythonFile, Does.Contain(line), line);
    }

    [Test]
    public void SourceAsJson()
    {
        var r = CliAssert.Run("loss-ce", "--source", "--json");
        var json = JsonNode.Parse(r.Out)!;
        Assert.That((string)json["csharp"]!["file"]!, Is.EqualTo("Chapter4/Lessons/CrossEntropyLossLesson.cs"));
        Assert.That((string)json["python"]!["source"]!, Does.Contain("nn.CrossEntropyLoss"));
        Assert.That((string)json["course_view"]!["csharp"]!["file"]!, Is.EqualTo("snippets/2.2.1-cross-entropy.cs"));
        Assert.That((string)json["course_view"]!["python"]!["source"]!, Does.Contain("nn.CrossEntropyLoss(reduction='sum')"));
    }

    [Test]
    public void ResponseFilesAreRead()
    {
        string file = Path.GetTempFileName();
        try
        {
            File.WriteAllLines(file, ["--seed", "3", "--json", "--no-plots"]);
            var r = CliAssert.Run("model", "@" + file);
            Assert.That(r.Exit, Is.Zero, r.Err);
            Assert.That((long)JsonNode.Parse(r.Out)!["seed"]!, Is.EqualTo(3));
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Test]
    public void CompareUnderJsonIsKept()
    {
        var r = CliAssert.Run("loss-mse", "--json", "--compare", "--no-plots");
        Assert.That(r.Exit, Is.Zero, r.Err);
        var compare = JsonNode.Parse(r.Out)!["compare"]!;
        Assert.That((string)compare["reference"]!, Is.EqualTo("seed=0"));
        Assert.That((int)compare["values"]!, Is.GreaterThan(0));
    }
}
