using System.Text.Json.Nodes;
using Chapter4.Harness;
using Chapter4.Tests.Support;
using NUnit.Framework;

namespace Chapter4.Tests;

/// <summary>Expected mistakes give one line on stderr and exit code 2; --json gives only JSON.</summary>
[TestOf(typeof(Chapter4.App.Cli))]
public class CliTests
{
    [Test]
    public void UnknownLessonNamesTheValidOnes()
    {
        var r = CliAssert.Rejected("no-such-lesson", "no-such-lesson");
        Assert.That(r.Err, Does.Contain("model").And.Contain("parameters").And.Contain("list"));
    }

    [Test]
    public void UnknownKnobIsRejected() => CliAssert.Rejected("--learning-rate", "model", "--learning-rate", "3");

    [Test]
    public void BadSeedIsRejected() => CliAssert.Rejected("--seed", "model", "--seed", "minus-one");

    [Test]
    public void BadDeviceIsRejected() => CliAssert.Rejected("auto|cpu|cuda", "model", "--device", "tpu");

    [Test]
    public void OptionWithoutValueIsRejected() => CliAssert.Rejected("--seed needs a value", "model", "--seed");

    [Test]
    public void ListTakesNoLessonOptions() => CliAssert.Rejected("unknown option '--seed' for 'list'", "list", "--seed", "1");

    [Test]
    public void CudaWithoutCudaIsAClearError()
    {
        Skip.Unless(!TorchSharp.torch.cuda.is_available(), "this machine has CUDA");
        CliAssert.Rejected("CUDA is not available", "model", "--device", "cuda", "--no-plots");
    }

    [Test]
    public void JsonIsTheOnlyThingOnStdout()
    {
        var r = CliAssert.Run("model", "--json", "--seed", "3", "--no-plots");
        Assert.That(r.Exit, Is.Zero, r.Err);
        var json = JsonNode.Parse(r.Out)!.AsObject();
        Assert.That(json.Select(kv => kv.Key), Is.EqualTo(new[] { "lesson", "seed", "results", "takeaways" }));
        Assert.That((long)json["seed"]!, Is.EqualTo(3));
    }

    [Test]
    public void SameSeedSameResultsDifferentSeedDifferentResults()
    {
        string a = CliAssert.Run("model", "--json", "--seed", "7", "--no-plots").Out;
        string b = CliAssert.Run("model", "--json", "--seed", "7", "--no-plots").Out;
        string c = CliAssert.Run("model", "--json", "--seed", "8", "--no-plots").Out;
        Assert.That(a, Is.EqualTo(b));
        Assert.That(a, Is.Not.EqualTo(c));
    }

    [Test]
    public void AllRunsEveryLessonInOrderAsOneJsonArray()
    {
        var r = CliAssert.Run("all", "--json", "--no-plots");
        Assert.That(r.Exit, Is.Zero, r.Err);
        var ids = JsonNode.Parse(r.Out)!.AsArray().Select(o => (string)o!["lesson"]!).ToList();
        Assert.That(ids, Is.EqualTo(LessonRegistry.Ids));
    }

    [Test]
    public void AllRejectsLessonKnobs() => CliAssert.Rejected("unknown option '--lr' for 'all'", "all", "--lr", "0.1");

    [Test]
    public void UnwritablePlotsFolderIsBadInputBeforeAnyLessonRuns()
    {
        string file = Path.GetTempFileName(); // a file where a folder is expected: even root cannot create it
        try
        {
            // Exit 2 promises that nothing ran: one line, stdout empty even with --json (issue 20, 3).
            var r = CliAssert.Run("all", "--json", "--plots-dir", Path.Combine(file, "plots"));
            Assert.Multiple(() =>
            {
                Assert.That(r.Exit, Is.EqualTo(2));
                Assert.That(r.Err.TrimEnd('\n').Split('\n'), Has.Length.EqualTo(1), r.Err);
                Assert.That(r.Err, Does.Contain("not writable").And.Contain("--no-plots"));
                Assert.That(r.Out, Is.Empty);
            });
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Test]
    public void HelpForTheAppAndForALesson()
    {
        var app = CliAssert.Run("--help");
        Assert.That(app.Exit, Is.Zero);
        Assert.That(app.Out, Does.Contain("list").And.Contain("all").And.Contain("--seed"));
        var lesson = CliAssert.Run("parameters", "--help");
        Assert.That(lesson.Exit, Is.Zero);
        Assert.That(lesson.Out, Does.Contain("计算和查看模型参数"));
    }
}
