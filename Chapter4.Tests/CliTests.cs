using System.Text.Json.Nodes;
using Chapter4.Harness;
using NUnit.Framework;

namespace Chapter4.Tests;

/// <summary>Expected mistakes give one line on stderr and exit code 2; --json gives only JSON.</summary>
public class CliTests
{
    private static (int Exit, string Out, string Err) Run(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        int exit = Cli.Run(args, stdout, stderr);
        return (exit, stdout.ToString(), stderr.ToString());
    }

    private static void AssertOneLineError((int Exit, string Out, string Err) r, string mentions)
    {
        Assert.That(r.Exit, Is.EqualTo(2));
        Assert.That(r.Err.TrimEnd('\n').Split('\n'), Has.Length.EqualTo(1), r.Err);
        Assert.That(r.Err, Does.StartWith("error: ").And.Contain(mentions));
        Assert.That(r.Err, Does.Not.Contain("   at "), "a stack trace reached the user");
    }

    [Test]
    public void UnknownLessonNamesTheValidOnes()
    {
        var r = Run("no-such-lesson");
        AssertOneLineError(r, "no-such-lesson");
        Assert.That(r.Err, Does.Contain("model").And.Contain("parameters").And.Contain("list"));
    }

    [Test]
    public void UnknownKnobIsRejected() => AssertOneLineError(Run("model", "--learning-rate", "3"), "--learning-rate");

    [Test]
    public void BadSeedIsRejected() => AssertOneLineError(Run("model", "--seed", "minus-one"), "--seed");

    [Test]
    public void BadDeviceIsRejected() => AssertOneLineError(Run("model", "--device", "tpu"), "auto|cpu|cuda");

    [Test]
    public void OptionWithoutValueIsRejected() => AssertOneLineError(Run("model", "--seed"), "--seed needs a value");

    [Test]
    public void ListTakesNoOptions() => AssertOneLineError(Run("list", "--seed", "1"), "'list' does not take --seed");

    [Test]
    public void CudaWithoutCudaIsAClearError()
    {
        Assume.That(TorchSharp.torch.cuda.is_available(), Is.False, "this machine has CUDA");
        AssertOneLineError(Run("model", "--device", "cuda", "--no-plots"), "CUDA is not available");
    }

    [Test]
    public void JsonIsTheOnlyThingOnStdout()
    {
        var r = Run("model", "--json", "--seed", "3", "--no-plots");
        Assert.That(r.Exit, Is.Zero, r.Err);
        var json = JsonNode.Parse(r.Out)!.AsObject();
        Assert.That(json.Select(kv => kv.Key), Is.EqualTo(new[] { "lesson", "seed", "results" }));
        Assert.That((long)json["seed"]!, Is.EqualTo(3));
    }

    [Test]
    public void SameSeedSameResultsDifferentSeedDifferentResults()
    {
        string a = Run("model", "--json", "--seed", "7", "--no-plots").Out;
        string b = Run("model", "--json", "--seed", "7", "--no-plots").Out;
        string c = Run("model", "--json", "--seed", "8", "--no-plots").Out;
        Assert.That(a, Is.EqualTo(b));
        Assert.That(a, Is.Not.EqualTo(c));
    }

    [Test]
    public void AllRunsEveryLessonInOrderAsOneJsonArray()
    {
        var r = Run("all", "--json", "--no-plots");
        Assert.That(r.Exit, Is.Zero, r.Err);
        var ids = JsonNode.Parse(r.Out)!.AsArray().Select(o => (string)o!["lesson"]!).ToList();
        Assert.That(ids, Is.EqualTo(LessonRegistry.Ids));
    }

    [Test]
    public void AllRejectsLessonKnobs() => AssertOneLineError(Run("all", "--lr", "0.1"), "'all' does not take --lr");

    [Test]
    public void UnwritablePlotsFolderFailsThoseLessonsButKeepsEveryResult()
    {
        string file = Path.GetTempFileName(); // a file where a folder is expected: even root cannot create it
        try
        {
            var r = Run("all", "--json", "--plots-dir", Path.Combine(file, "plots"));
            var outcomes = JsonNode.Parse(r.Out)!.AsArray();
            Assert.That(outcomes.Select(o => (string)o!["lesson"]!), Is.EqualTo(LessonRegistry.Ids), "every lesson still ran");
            var plotting = LessonRegistry.All().Where(l => l.Plots.Count > 0).Select(l => l.Id).ToList();
            foreach (var o in outcomes)
            {
                bool failed = o!["error"] is not null;
                Assert.That(failed, Is.EqualTo(plotting.Contains((string)o["lesson"]!)), (string)o["lesson"]!);
                if (!failed) Assert.That(o["results"]!.AsObject(), Is.Not.Empty);
            }
            if (plotting.Count > 0)
            {
                Assert.That(r.Exit, Is.EqualTo(2));
                Assert.That(r.Err, Does.Contain("not writable").And.Contain("--no-plots"));
            }
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Test]
    public void HelpForTheAppAndForALesson()
    {
        var app = Run("--help");
        Assert.That(app.Exit, Is.Zero);
        Assert.That(app.Out, Does.Contain("list").And.Contain("all").And.Contain("--seed"));
        var lesson = Run("parameters", "--help");
        Assert.That(lesson.Exit, Is.Zero);
        Assert.That(lesson.Out, Does.Contain("计算和查看模型参数"));
    }
}
