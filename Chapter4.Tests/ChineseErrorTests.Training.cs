using System.Globalization;
using Chapter4.Harness;
using Chapter4.Language;
using Chapter4.Lessons;
using Chapter4.Tests.Support;
using Chapter4.Training;
using NUnit.Framework;

namespace Chapter4.Tests;

/// <summary>The training lessons' refusals of their knobs together (exit 2) and their divergence lines (exit 1), in both languages.</summary>
public partial class ChineseErrorTests
{
    /// <summary>The longest divergence line any lesson may say (the line that repeated one message per run was 2,000 characters).</summary>
    private const int LongestDivergence = 400;

    /// <summary>A learning rate whose shortest round-trip form is as long as a double's gets (22 characters), inside float32's range.</summary>
    private const string LongLr = "3.3333333333333333e38";

    /// <summary>A seed of 19 digits, with room for 10 seeds from it.</summary>
    private const string LongSeed = "9223372036854775000";

    /// <summary>Each lesson's bound on its work ("… keep this lesson within about a minute") and its knobs that do not go together.</summary>
    [TestCase("optimizer-compare", "--epochs", "10000")]
    [TestCase("lr-step", "--epochs", "10000", "--iterations", "100")]
    [TestCase("lr-exponential", "--gamma", "1e10", "--epochs", "50")]
    [TestCase("lr-multistep", "--milestones", "5,3")]
    [TestCase("lr-multistep", "--milestones", "50,50,100")]
    [TestCase("lr-compare", "--epochs", "1500")]
    [TestCase("gd-variants", "--batch-size", "500", "--samples", "100")]
    [TestCase("gd-variants", "--epochs", "10000", "--samples", "1000")]
    [TestCase("lr-sweep", "--steps", "100000")]
    public void ATrainingLessonsRefusal(params string[] args) => SaidInBoth(2, args);

    /// <summary>
    /// Where each lesson diverges, said once however many runs diverged: one run and where (the lesson's own phrase for
    /// where: a step, an epoch and iteration, a momentum, a fit), or how many of how many, the names by the seeds they
    /// diverged on, and the first one's detail.
    /// </summary>
    [TestCase("lr-compare", "--lr", "1e6")] // every run: one group of seeds
    [TestCase("lr-compare", "--lr", "0.3")] // one-cycle on two of the three seeds: two groups
    [TestCase("optimizer-compare", "--lr", "8")] // sgd on seed 1, momentum on all three
    [TestCase("optimizer-compare", "--lr", "5")] // one run: its name and seed
    [TestCase("optimizer-paths", "--lr", "1e30", "--saddle-lr", "1e30")] // ten paths on two surfaces
    [TestCase("optimizer-paths", "--optimizers", "sgd", "--lr", "1e30")] // one path: x became -inf
    [TestCase("optimizer-paths", "--optimizers", "adam", "--lr", "1e38")] // one path: libtorch's float32 overflow
    [TestCase("optimizer-paths", "--steps", "300", "--saddle-lr", "0.2")] // the saddle's knob: try a smaller --saddle-lr
    [TestCase("robust-regression", "--lr", "1e30")] // the mse loss became inf
    [TestCase("robust-regression", "--lr", "1e38")] // at step 1 of the mse fit
    [TestCase("momentum", "--lr", "1e30")] // w became inf
    [TestCase("adam", "--lr", "1e38")] // overflow at step 1
    [TestCase("momentum-dynamics", "--lr", "10")] // at step 25 with momentum 0.5
    [TestCase("lr-multistep", "--lr", "100")] // at epoch 2, iteration 7
    public void ATrainingLessonsDivergence(params string[] args) => SaidInBoth(1, args);

    /// <summary>gd-variants says its take-aways (about the runs that finished and the epochs before a divergence) before the error.</summary>
    [TestCase("--lr", "10")] // three runs, no seeds
    [TestCase("--lr", "0.9")] // SGD alone
    [TestCase("--lr", LongLr)] // the longest rate
    public void GdVariantsDivergence(params string[] args)
    {
        var (en, zh) = SaidInBothAfterTakeAways(1, ["gd-variants", .. args, "--no-plots"]);
        Assert.That(en, Has.Length.AtMost(LongestDivergence), en);
        Assert.That(zh, Has.Length.AtMost(LongestDivergence), zh);
    }

    [Test]
    public void ManyDivergencesAreSaidOnce()
    {
        var (en, _) = SaidInBoth(1, "lr-compare", "--lr", "1e6");
        Assert.That(en, Is.EqualTo("error: lr-compare: 24 of 24 runs diverged (seeds 0–2: constant lr, StepLR, MultiStepLR, ExponentialLR, CosineAnnealingLR, " +
                                   "LinearLR warm-up, OneCycleLR, ReduceLROnPlateau); the first, constant lr seed 0: the loss became inf at epoch 1, step 3 " +
                                   "(learning rate 1000000.0); try a smaller --lr"));
    }

    /// <summary>Each lesson at its longest: the longest learning rate, 19-digit seeds, the most seeds and runs, the longest names.</summary>
    [TestCase("lr-compare", "--lr", LongLr, "--seeds", "10", "--epochs", "150", "--seed", LongSeed)]
    [TestCase("optimizer-compare", "--lr", LongLr, "--seeds", "10", "--seed", LongSeed)]
    [TestCase("optimizer-paths", "--lr", LongLr, "--saddle-lr", LongLr)]
    [TestCase("robust-regression", "--lr", LongLr)]
    [TestCase("momentum-dynamics", "--lr", LongLr, "--momenta", "0.12345678901234567")]
    [TestCase("lr-multistep", "--lr", LongLr)]
    [TestCase("momentum", "--lr", LongLr)]
    [TestCase("adagrad", "--lr", LongLr)]
    [TestCase("rmsprop", "--lr", LongLr)]
    [TestCase("adam", "--lr", LongLr)]
    public void ADivergenceLineIsShortAtAnyKnobs(params string[] args)
    {
        var (en, zh) = SaidInBoth(1, args);
        Assert.That(en, Has.Length.AtMost(LongestDivergence), en);
        Assert.That(zh, Has.Length.AtMost(LongestDivergence), zh);
    }

    /// <summary>
    /// Worse than any command line reaches: every lr-compare schedule diverged on its own scattered 19-digit seeds, at the
    /// last epoch, at the longest rate. The first group is shortened and the rest counted, in both languages alike.
    /// </summary>
    [Test]
    public void ScatteredDivergencesStayShort()
    {
        string[] names = ["CosineAnnealingLR", "ReduceLROnPlateau", "LinearLR warm-up", "ExponentialLR", "MultiStepLR", "OneCycleLR", "StepLR"];
        long seed = long.Parse(LongSeed, CultureInfo.InvariantCulture);
        double lr = double.Parse(LongLr, CultureInfo.InvariantCulture);
        var runs = new List<(Phrase, long?, TrainingRun)>
        {
            (new Phrase(typeof(LrCompareLesson), "run.constant"), seed, new TrainingRun { Diverged = new Divergence(1_499, 5, lr, double.NaN) }),
        };
        foreach (var (name, i) in names.Select((n, i) => (n, i)))
            for (long s = 0; s < 10; s++)
            {
                // Five scattered seeds of ten diverge, other ones for each name (7s + 3i mod 10 is below 5).
                var run = new TrainingRun();
                if ((7 * s + 3 * i) % 10 < 5) run.Diverged = new Divergence(1_499, 5, lr, double.NaN);
                runs.Add((NonFinite.Name(name), seed + s, run));
            }
        int diverged = runs.Count(r => r.Item3.Diverged is not null);
        var (en, zh) = InBoth(() => TrainingLoop.ThrowIfAnyDiverged(runs));
        TestContext.Out.WriteLine($"{en}\n{zh}");
        Assert.Multiple(() =>
        {
            Assert.That(("error: lr-compare: " + en).Length, Is.AtMost(LongestDivergence), en);
            Assert.That(("错误：lr-compare: " + zh).Length, Is.AtMost(LongestDivergence), zh);
            Assert.That(en, Does.StartWith($"{diverged} of 71 runs diverged (").And.Contain($"more); the first, constant lr seed {LongSeed}: the loss became nan at epoch 1500, step 6"));
        });
        AreTheSameError(en, zh);
    }

    /// <summary>
    /// lr-multistep's "give at least one epoch" cannot be reached from the command line: the knob's own parser refuses an
    /// empty list first ("--milestones needs a value", "',' is not valid"). The lesson's check is said directly.
    /// </summary>
    [Test]
    public void NoMilestonesIsSaidInBoth()
    {
        var (en, zh) = InBoth(() => new MultiStepLrLesson { Milestones = [] }.Validate());
        Assert.That(en, Is.EqualTo("--milestones: give at least one epoch, e.g. 50,100,160"));
        AreTheSameError(en, zh);
    }

    /// <summary>
    /// <see cref="SaidInBoth"/> for a lesson that says its take-aways (in the UI language) before its error: the prints
    /// before the first Chinese line are the same, the rest of the checks as there.
    /// </summary>
    private static (string En, string Zh) SaidInBothAfterTakeAways(int exit, params string[] args)
    {
        var en = CliAssert.Run([.. args, "--lang", "en"]);
        var zh = CliAssert.Run([.. args, "--lang", "zh-CN"]);
        string shown = string.Join(' ', args);
        Assert.That(en.Exit, Is.EqualTo(exit), $"{shown} (en): {en.Err}");
        Assert.That(zh.Exit, Is.EqualTo(exit), $"{shown} (zh-CN): {zh.Err}");
        string enLine = OneLine(en.Err, shown + " (en)"), zhLine = OneLine(zh.Err, shown + " (zh-CN)");
        string[] enOut = en.Out.Split('\n'), zhOut = zh.Out.Split('\n');
        int prints = Array.FindIndex(zhOut, Sentences.HasChinese);
        Assert.Multiple(() =>
        {
            Assert.That(enLine, Does.StartWith("error: "), shown);
            Assert.That(zhLine, Does.StartWith("错误："), shown);
            Assert.That(prints, Is.GreaterThan(0), $"{shown}: no take-aways before the error");
            Assert.That(zhOut.Take(prints), Is.EqualTo(enOut.Take(prints)), $"{shown}: the course's prints differ");
        });
        AreTheSameError(enLine, zhLine);
        return (enLine, zhLine);
    }

    /// <summary>The message <paramref name="action"/> throws in English and in Chinese.</summary>
    private static (string En, string Zh) InBoth(Action action)
    {
        string Said(CultureInfo language)
        {
            CultureInfo before = CultureInfo.CurrentUICulture;
            CultureInfo.CurrentUICulture = language;
            try
            {
                action();
                Assert.Fail("nothing was thrown");
                return "";
            }
            catch (Exception e) when (e is LessonRunException or LessonInputException)
            {
                return e.Message;
            }
            finally
            {
                CultureInfo.CurrentUICulture = before;
            }
        }
        return (Said(UiLanguage.English), Said(UiLanguage.Chinese));
    }

    /// <summary>SaidInBoth's checks of the two lines, for a message said without the command line.</summary>
    private static void AreTheSameError(string en, string zh) => Assert.Multiple(() =>
    {
        Assert.That(Sentences.HasChinese(zh), Is.True, zh);
        Assert.That(Sentences.EnglishRun(zh, words: 3), Is.Null, $"English in the Chinese line:\n  {zh}");
        Assert.That(Numbers(zh), Is.EqualTo(Numbers(en)), $"other numbers\n  en: {en}\n  zh: {zh}");
    });
}
