using Chapter4.Book;
using Chapter4.Harness;
using NUnit.Framework;

namespace Chapter4.Tests;

/// <summary>The book's tables, checked without building a book: the "Try this" knob sets, the formulas' lessons, the sampling rule.</summary>
[TestOf(typeof(BookTryThis))]
public class BookTablesTests
{
    /// <summary>
    /// Every prompt names a lesson and two or three knob sets that the command line's own parser and checks accept
    /// (alone and together, <see cref="Knobs.Validate"/>), each changing something; every lesson with knobs has prompts.
    /// </summary>
    [Test]
    public void EveryTryThisKnobSetIsValidAndChangesSomething()
    {
        foreach (var (id, settings) in BookTryThis.All)
        {
            Lesson fresh = LessonRegistry.Find(id) ?? throw new AssertionException($"no lesson '{id}'");
            Assert.That(settings, Has.Count.InRange(2, 3), id);
            Assert.That(settings.Select(s => s.Knobs), Is.Unique, id);
            foreach (TrySetting setting in settings)
            {
                var (lesson, seed) = BookTryThis.Apply(id, setting.Knobs);
                bool changed = seed is { } s ? s != fresh.DefaultSeed
                    : Knobs.Of(lesson.GetType()).Any(k => Knobs.Format(k.Property.GetValue(lesson)) != Knobs.Format(k.Property.GetValue(fresh)));
                Assert.That(changed, $"{id} {setting.Knobs} is the lesson's default");
                Assert.That(setting.Question, Does.EndWith("?"), $"{id} {setting.Knobs}: a prompt asks");
            }
        }
        foreach (Lesson lesson in LessonRegistry.All().Where(l => !BookTryThis.All.ContainsKey(l.Id)))
            Assert.That(Knobs.Of(lesson.GetType()), Is.Empty, $"{lesson.Id} has knobs but no \"Try this\" prompt");
    }

    [Test]
    public void ABadKnobSetIsRefusedAsTheCommandLineRefusesIt()
    {
        Assert.Throws<LessonInputException>(() => BookTryThis.Apply("momentum", "--momentum 1"));
        Assert.Throws<LessonInputException>(() => BookTryThis.Apply("momentum", "--nosuch 1"));
        Assert.Throws<LessonInputException>(() => BookTryThis.Apply("momentum", "--steps"));
        Assert.Throws<LessonInputException>(() => BookTryThis.Apply("lr-multistep", "--milestones 50,40"));
        Assert.Throws<LessonInputException>(() => BookTryThis.Apply("nosuch", "--lr 1"));
        Assert.That(BookTryThis.Apply("model", "--seed 0").Seed, Is.Zero);
    }

    [Test]
    public void AValueAShellWouldReadIsQuoted()
    {
        Assert.That(BookTryThis.ForShell("--lr 0.5 --y-pred 0.1,0.8;0.7,0.2"), Is.EqualTo("--lr 0.5 --y-pred '0.1,0.8;0.7,0.2'"));
        Assert.That(BookTryThis.ForShell("--milestones 20,40 --gamma 0.1"), Is.EqualTo("--milestones 20,40 --gamma 0.1"));
    }

    /// <summary>The take-aways that differ: whole blocks (a line and the indented lines under it), so a heading stays with its rows.</summary>
    [Test]
    public void TryThisShowsTheTakeAwayBlocksThatDiffer()
    {
        string[] before = ["Summary:", "  a = 1", "  b = 2", "A sentence that stays.", "", "  orphan row"];
        string[] now = ["Summary:", "  a = 1", "  b = 3", "A sentence that stays.", "A new sentence."];
        Assert.That(BookTryThis.ChangedBlocks(before, now), Is.EqualTo(new[] { "Summary:", "  a = 1", "  b = 3", "A new sentence." }));
        Assert.That(BookTryThis.ChangedBlocks(before, before), Is.Empty);
    }

    /// <summary>First index, every change point, last index; at most the bound, spread evenly when a series changes everywhere.</summary>
    [Test]
    public void ASeriesIsSampledWhereItChanges()
    {
        Assert.That(BookSample.Indices([0.1, 0.1, 0.1, 0.05, 0.05, 0.025], 8), Is.EqualTo(new[] { 0, 3, 5 }));
        Assert.That(BookSample.Indices([7, 7, 7, 7], 8), Is.EqualTo(new[] { 0, 3 }));
        Assert.That(BookSample.Indices([7], 8), Is.EqualTo(new[] { 0 }));
        Assert.That(BookSample.Indices([1, 2, 2, 2], 8), Is.EqualTo(new[] { 0, 1, 3 }));
        var everywhere = BookSample.Indices(Enumerable.Range(0, 200).Select(i => Math.Pow(0.9, i)).ToList(), 8);
        Assert.That(everywhere, Has.Count.EqualTo(8).And.Ordered.And.Unique);
        Assert.That((everywhere[0], everywhere[^1]), Is.EqualTo((0, 199)));
        // Spread: no gap more than twice the even one (199 / 7 ≈ 28).
        Assert.That(everywhere.Zip(everywhere.Skip(1), (a, b) => b - a), Has.All.LessThanOrEqualTo(2 * 199 / 7));
        Assert.That(BookSample.SeriesKey("runs[0].losses[12]"), Is.EqualTo("runs[0].losses[]"));
        Assert.That(BookSample.SeriesKey("steps[3].state.exp_avg"), Is.EqualTo("steps[].state.exp_avg"));
        Assert.That(BookSample.SeriesKey("final_w"), Is.EqualTo("final_w"));
    }

    [Test]
    public void EveryFormulaNamesALesson()
    {
        foreach (string id in BookFormulas.All.Keys) Assert.That(LessonRegistry.Find(id), Is.Not.Null, id);
        foreach (string id in new[] { "gd-variants", "momentum", "adagrad", "rmsprop", "adam", "lr-step", "lr-multistep", "lr-exponential", "ewma" })
            Assert.That(BookFormulas.For(id), Is.Not.Null, id);
    }
}
