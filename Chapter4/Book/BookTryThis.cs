using System.Globalization;
using System.Text.RegularExpressions;
using Chapter4.Harness;

namespace Chapter4.Book;

/// <summary>Which part of a prompt's run answers its question: its take-aways, or the lines it printed.</summary>
public enum TryShows
{
    TakeAways,
    Printed,
}

/// <summary>One "try this" prompt: the knobs to pass (as typed after the lesson id), the question they answer, and where the answer is.</summary>
public sealed record TrySetting(string Knobs, string Question, TryShows Shows = TryShows.TakeAways);

/// <summary>
/// A prompt run at build time: what the lesson printed and concluded with those knobs, cut to what differs from the
/// page's own run (<see cref="Lines"/>, from its take-aways when they differ, else from its printed text).
/// </summary>
public sealed record TryRun(TrySetting Setting, LessonOutcome Outcome, IReadOnlyList<string> Lines, bool FromTakeAways, int LinesLeftOut);

/// <summary>
/// The "Try this" prompts of the lesson pages (issue 23, 4): two or three knob settings per lesson that change the
/// story, each run by the book with the same runner as the page (<see cref="LessonRunner"/>, knobs parsed and checked
/// by <see cref="Knobs"/>) so the page shows the outcome computed, never written by hand. They run without plots and
/// are chosen to be cheap: together they add a few seconds to a build.
/// </summary>
public static partial class BookTryThis
{
    /// <summary>At most this many lines of one prompt's outcome are shown.</summary>
    public const int MaxLines = 10;

    /// <summary>The prompts of a lesson (none for a lesson without knobs).</summary>
    public static IReadOnlyList<TrySetting> For(string lessonId) => Table.GetValueOrDefault(lessonId) ?? [];

    /// <summary>Every prompt, by lesson id.</summary>
    public static IReadOnlyDictionary<string, IReadOnlyList<TrySetting>> All => Table;

    private static readonly Dictionary<string, IReadOnlyList<TrySetting>> Table = new()
    {
        ["model"] =
        [
            new("--seed 0", "With seed 0, how different are the five output rows?"),
            new("--seed 2", "Seed 2 draws other weights: is any ReLU unit of linear2 dead?"),
        ],
        ["init-dead-relu"] =
        [
            new("--bias 1 --seeds 300", "A linear2 bias of 1 (over 300 seeds): how often is a unit still dead?"),
            new("--seeds 100", "Only 100 seeds: how far do the fractions move from the 1,000-seed ones?"),
        ],
        ["parameters"] =
        [
            new("--seed 0", "With seed 0, what do the output rows look like?"),
            new("--seed 2", "Seed 2: is any ReLU unit of linear2 dead?"),
        ],
        ["loss-curves"] =
        [
            new("--beta 0.1", "A small beta: how close does Smooth L1 come to MAE?", TryShows.Printed),
            new("--beta 3", "A beta as wide as the errors: where does Smooth L1 stand against MSE?", TryShows.Printed),
        ],
        ["logits"] =
        [
            new("--logit 20", "Confidently wrong at logit 20 rather than 100: does BCELoss still lose the gradient?"),
            new("--logit 5", "Only mildly wrong: do BCELoss and BCEWithLogitsLoss agree?"),
        ],
        ["loss-ce"] =
        [
            new("--reduction mean", "What does averaging instead of summing do to the loss and its gradient?"),
            new("--target onehot", "What do the course's one-hot rows mean as targets?"),
        ],
        ["loss-bce"] =
        [
            new("--y-pred 0.99,0.01,0.99", "Confident and wrong on every element: how large is the loss?"),
            new("--reduction sum", "Summing instead of averaging: what changes?"),
        ],
        ["robust-regression"] =
        [
            new("--outliers 0", "No outliers: do the four losses still disagree?"),
            new("--outliers 12", "Twelve outliers: which fits hold?"),
            new("--delta 100", "A huge delta: what happens to Smooth L1's fit and to Huber's?"),
        ],
        ["loss-mae"] =
        [
            new("--y-pred 1.3,1.7,12", "One outlier of 10: does its gradient grow?"),
            new("--reduction sum", "Summing instead of averaging: what happens to the gradient?"),
        ],
        ["loss-mse"] =
        [
            new("--y-pred 1.3,1.7,12", "One outlier of 10: how large is its gradient now?"),
            new("--reduction sum", "Summing instead of averaging: what happens to the gradient?"),
        ],
        ["loss-smoothl1"] =
        [
            new("--y-pred 1.3,1.7,12", "One outlier of 10: is its gradient capped?"),
            new("--beta 0.1", "A small beta: which errors are now in the linear part?"),
        ],
        ["gd-variants"] =
        [
            new("--batch-size 1", "One sample per batch: what is mini-batch GD then?"),
            new("--batch-size 100", "One batch of the whole data set: what is mini-batch GD then?"),
        ],
        ["backprop"] =
        [
            new("--lr 5", "Ten times the rate: which columns of the table change?", TryShows.Printed),
            new("--lr 0.05", "A tenth of the rate: how far do the weights move now?", TryShows.Printed),
        ],
        ["backprop-model"] =
        [
            new("--reduction mean", "Averaging the loss over the batch: do the hand-written gradients still match autograd?"),
            new("--batch 1", "A batch of one row: what changes in the chain rule?"),
        ],
        ["ewma"] =
        [
            new("--beta 0.99", "β = 0.99 averages over about 100 days: how late does it react?", TryShows.Printed),
            new("--beta 0.5,0.9 --days 20", "Twenty days only: how much does the start-up bias matter?", TryShows.Printed),
        ],
        ["momentum"] =
        [
            new("--momentum 0.99 --lr 0.5 --steps 6", "Nearly all velocity kept, a large rate: does w stop at the minimum?"),
            new("--momentum 0", "No momentum at all: what is left of the buffer?"),
        ],
        ["momentum-dynamics"] =
        [
            new("--momenta 0.3,0.6 --steps 30", "Small momenta only: does any path overshoot?"),
            new("--lr 0.02", "A fifth of the rate: which μ ends lowest now?"),
        ],
        ["adagrad"] =
        [
            new("--steps 30", "Thirty steps: how small does the effective rate get?"),
            new("--lr 0.5 --steps 5", "Fifty times the rate: how do the steps shrink?"),
        ],
        ["rmsprop"] =
        [
            new("--alpha 0.999 --lr 0.001 --steps 5", "α close to 1 and a small rate: how large is the first step against lr?"),
            new("--alpha 0", "α = 0 keeps only the last squared gradient: what size are the steps?"),
        ],
        ["adam"] =
        [
            new("--beta2 0.999", "PyTorch's default β2: does bias correction still make the first step lr?"),
            new("--beta1 0 --steps 5", "No gradient average (β1 = 0): what is Adam then?"),
        ],
        ["optimizer-paths"] =
        [
            new("--lr 0.1", "One rate for all five: which optimizer does it suit?"),
            new("--saddle-lr 0.2", "Four times the saddle rate: who escapes now?"),
        ],
        ["optimizer-compare"] =
        [
            new("--epochs 5", "Five epochs instead of thirty: does the ranking hold?"),
            new("--batch-size 200 --epochs 10", "Full-batch steps: which optimizer copes best?"),
        ],
        ["lr-sweep"] =
        [
            new("--momentum 0", "Plain SGD, no momentum: which rates are good now?"),
            new("--momentum 0 --lrs 0.9,1,1.1", "Plain gradient descent on w² near lr 1 (2 over the curvature 2): where does it stop converging?"),
        ],
        ["lr-step"] =
        [
            new("--gamma 0.1 --step-size 40", "Divide by ten every 40 epochs: how much of the run still learns?"),
            new("--step-size 10", "Halving every 10 epochs: from when does the run learn almost nothing?"),
        ],
        ["lr-multistep"] =
        [
            new("--milestones 20,40,60,80 --gamma 0.1", "Four decays by ten: how much of the run learns almost nothing?"),
            new("--milestones 50,250", "A milestone past the last epoch: what does it do?"),
        ],
        ["lr-exponential"] =
        [
            new("--gamma 0.95", "A gentler decay: from when is the rate below 1e-4?"),
            new("--gamma 0.5 --epochs 40", "Halving every epoch: from when does the run learn almost nothing?"),
        ],
        ["lr-compare"] =
        [
            new("--lr 0.1", "Twice the rate: does the ranking of the schedules change?"),
            new("--lr 0.01", "A fifth of the rate: which schedules come out ahead now?"),
        ],
    };

    /// <summary>
    /// A fresh lesson with the prompt's knobs set, and the seed it names (null: the book's), checked as the command line
    /// checks them. Throws <see cref="LessonInputException"/>.
    /// </summary>
    public static (Lesson Lesson, long? Seed) Apply(string lessonId, string knobs)
    {
        Lesson lesson = LessonRegistry.Find(lessonId) ?? throw new LessonInputException(BookErrors.Format("try.unknown-lesson", lessonId));
        long? seed = null;
        string[] tokens = knobs.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (tokens.Length % 2 != 0) throw new LessonInputException(BookErrors.Format("try.pairs", lessonId, knobs));
        for (int i = 0; i < tokens.Length; i += 2)
        {
            if (!tokens[i].StartsWith("--", StringComparison.Ordinal)) throw new LessonInputException(BookErrors.Format("try.not-an-option", lessonId, knobs, tokens[i]));
            string name = tokens[i][2..], value = tokens[i + 1];
            if (name == "seed")
                seed = long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out long s) ? s : throw new LessonInputException(BookErrors.Format("try.seed", lessonId, knobs));
            else
                Knobs.Set(lesson, name, value);
        }
        Knobs.Validate(lesson);
        return (lesson, seed);
    }

    /// <summary>
    /// Runs one prompt (no plots) and cuts its outcome to what differs from the page's own run: the take-away blocks
    /// that differ (a block is a line and the indented lines under it, so a heading stays with its rows), or the
    /// printed lines from the one before the first that differs to the last that differs. The prompt says which it
    /// wants; when that part does not differ, the other is shown.
    /// </summary>
    public static TryRun Run(string lessonId, TrySetting setting, RunOptions options, BookPage page)
    {
        var (lesson, seed) = Apply(lessonId, setting.Knobs);
        var printed = new StringWriter();
        var notes = new StringWriter();
        var outcome = LessonRunner.Run(lesson, options with { Seed = seed ?? options.Seed, PlotsDir = null, Notes = notes, Progress = null }, printed);
        var takeaways = ChangedBlocks(BookTakeAways.Lines(page), BookTakeAways.Lines(lesson, notes.ToString()));
        var lines = ChangedWindow(Lines(page.Printed), Lines(printed.ToString()));
        bool fromTakeAways = setting.Shows == TryShows.TakeAways ? takeaways.Count > 0 || lines.Count == 0 : lines.Count == 0 && takeaways.Count > 0;
        return fromTakeAways ? Cut(setting, outcome, takeaways, true) : Cut(setting, outcome, lines.Select(Shorten).ToList(), false);
    }

    /// <summary>The blocks of <paramref name="now"/> that are not blocks of <paramref name="before"/>, their lines in order.</summary>
    public static IReadOnlyList<string> ChangedBlocks(IReadOnlyList<string> before, IReadOnlyList<string> now)
    {
        var known = Blocks(before).Select(b => string.Join("\n", b)).ToHashSet();
        return Blocks(now).Where(b => !known.Contains(string.Join("\n", b))).SelectMany(b => b).ToList();
    }

    /// <summary>Lines grouped under the unindented line above them; a blank line ends a block.</summary>
    private static List<List<string>> Blocks(IReadOnlyList<string> lines)
    {
        var blocks = new List<List<string>>();
        bool open = false;
        foreach (string line in lines)
        {
            if (line.Trim().Length == 0) { open = false; continue; }
            if (open && char.IsWhiteSpace(line[0])) blocks[^1].Add(line);
            else blocks.Add([line]);
            open = true;
        }
        return blocks;
    }

    /// <summary>From the line before the first that differs (its heading, as a rule) to the last that differs; empty when none does.</summary>
    private static List<string> ChangedWindow(List<string> before, List<string> now)
    {
        var differ = Enumerable.Range(0, now.Count).Where(i => i >= before.Count || now[i] != before[i]).ToList();
        if (differ.Count == 0) return [];
        int from = Math.Max(0, differ[0] - 1);
        return now.GetRange(from, differ[^1] - from + 1);
    }

    /// <summary>At most this many characters of one printed line (lr_list prints every epoch's rate on one line).</summary>
    public const int MaxLineLength = 240;

    private static string Shorten(string line) => line.Length > MaxLineLength ? line[..MaxLineLength] + " …" : line;

    private static TryRun Cut(TrySetting setting, LessonOutcome outcome, IReadOnlyList<string> lines, bool fromTakeAways) =>
        new(setting, outcome, lines.Take(MaxLines).ToList(), fromTakeAways, Math.Max(0, lines.Count - MaxLines));

    /// <summary>Whether the knobs name their own seed (then the command gives no other).</summary>
    public static bool NamesSeed(string knobs) => knobs.Split(' ').Contains("--seed");

    private static List<string> Lines(string text) => text.Replace("\r", "").TrimEnd('\n').Split('\n').ToList();

    /// <summary>The knobs as a shell would need them typed: a value with characters a shell reads (';', '*', spaces) in single quotes.</summary>
    public static string ForShell(string knobs) =>
        string.Join(" ", knobs.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(t => PlainWord().IsMatch(t) ? t : "'" + t.Replace("'", "'\\''") + "'"));

    [GeneratedRegex("^[A-Za-z0-9_.,:=+/-]+$")]
    private static partial Regex PlainWord();
}
