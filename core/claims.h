/* claims.h — the claim checker: every claim a summary of a child's growth makes, and whether the
 * child's own chart agrees with it.
 *
 * Two steps, both pure (no I/O, no global state; one allocation per result plus the child's
 * engine results):
 *   1. Extraction (claims_extract): the summary text in, its claims out — each with its byte span
 *      (UTF-8 offsets start, end: the quote is text[start..end)), its type, what it states
 *      (normalised), and what it refers to when the text says so (indicator, age, chart).
 *   2. Judging (claims_judge): each claim is tied to the visit, the indicator and the reference it
 *      talks about and compared with the growth engine's own value for that child at that visit,
 *      on the reference and age basis the chart policy applies (core/growth.h: WHO 2006 under 24
 *      months and CDC 2000 after with the US rules; corrected age for a preterm child under 24
 *      months): supported, contradicted (with the expected value), or unverifiable.
 *
 * What is found (type: examples)
 *   value       "weighs 9.8 kg", "length 74 cm", "BMI 19.2", "18.5 pounds", "18 lb 6 oz",
 *               "3 ft 2 in", "head 44 cm", "MUAC 135 mm", "3250 g", "125% of the 95th percentile",
 *               ranges ("8-9 kg", "BMI 14.6-14.8"), a BMI after "it was" when BMI was just named;
 *               "his parents are 152 cm and 168 cm tall" (either parent), a mid-parental target;
 *               a percentile of a parent's or the target height is unverifiable; "4½ in", "36¼ lb" (a
 *               vulgar fraction glued to a number is part of it); "between 12.1 and 13.0 cm" (a
 *               range); "120% P95" (as "120% of P95"); a value the writer supposes a wrong entry should
 *               be ("likely 15.8 kg", "almost certainly 32 lb (14.5 kg)") is unverifiable; a length or
 *               weight "in the past year" with no verb ("9.1 cm in the past year") is a gain (trend);
 *               the mid-parental target's aside "target 161.0 cm (z -0.36, range 152.5-169.5 cm)"
 *               (its z and range, not the child's height; "MPH 161 cm" is the target); a projected
 *               adult height ("projected adult height about 164 cm", "predicted adult height" with no
 *               parent named in its sentence: the child's, not the parents' target); a value in
 *               parentheses after "her weight in pounds (about 20 kg)" is the writer's conversion
 *               (unverifiable)
 *   age         "at 18 months", "at his 5-year check", "by 2 years", "a 4-year-old", "born at 32
 *               weeks", "born at term"; weeks of gestation are the gestational age, never a
 *               postnatal age ("at 30 weeks' gestation", "Ex-30/40", "32+3/40", "a 30-weeker",
 *               "30 weeks at birth", and a bare "at 34 weeks" in a sentence that names the birth:
 *               "born early, at 34 weeks, weighing 2.05 kg"); a postmenstrual age ("at 35 weeks
 *               PMA", "at term" not after "born") is that many weeks after the start of the
 *               gestation (the birth of a term child), within a week; ages in every spelling:
 *               "aged 2½", "2 1/2 years", "two and a half", "eighteen months", "3 years 1 month",
 *               "3 y", "2y", "18m", "1y 11m", "9m 29d" (one age: months and days), "12 mo wt 8.09
 *               kg", "at birth", a bare whole or half number
 *               of years after "at", "aged", "when she was", "since she was", "is now" ("(P92) at
 *               4", not "at 4 kg" or "at 2 SD"), lists with one unit ("at 12 and 15 months");
 *               "at birth" and a bare range ("4-24 mo") are supported with visits there and
 *               unverifiable otherwise (a record may start after birth; a range may be a chart's)
 *   percentile  "at the 3rd percentile", "below the 5th centile", "P97", "the 90th", "between the
 *               25th and 50th", "25th-50th centile", ">P97", "above the middle of the chart",
 *               "a little above (the) average", "taller than average" (P50), families' words
 *               ("heavier than about 12 out of 100 boys", "among the lightest 1-2% of boys")
 *   z           "z of -2.1", "z-score -2.59", "-2 SD", "SDS +1.4", "WAZ -1.3", "2 SD below the
 *               mean" (U+2212 minus and en dash taken as minus signs)
 *   category    obese/obesity (class 1/2/3, severe), overweight, underweight, stunted/stunting,
 *               short stature/"short for his age", wasted/wasting, thinness, failure to
 *               thrive/faltering growth, microcephaly, macrocephaly, rapid weight gain, small or
 *               large for gestational age ("SGA", "LGA", "very small for gestational age"),
 *               normal/healthy growth ("a healthy 18-month-old", "slim but healthy", "no current
 *               concerns", "Length 75.2 cm, normal"), "no flags" — with negation ("no signs of
 *               obesity", "not underweight", "does not meet criteria for failure to thrive") and
 *               hedging ("possible", "at risk of", "borderline"); an indicator said to be low or
 *               high ("weight-for-length is low", "BMI is high", "her head is small"; "her weight
 *               was low for her length" is weight-for-length) is that side's category, hedged;
 *               "growing well above/below ..." is a position, no judgement of growth; "no growth
 *               problem" is normal growth; a chart in parentheses after a category ("overweight
 *               (WHO)", "obesity (CDC)") names its rule set, no basis claim; "class 2 (severe) obesity", "severe (class 2) obesity";
 *               a finding said to have resolved ("weight loss resolved by 2 weeks"); "no other
 *               flags", "no other concerns" leave out the flags of the kinds the summary names;
 *               "seems unlikely", "is improbable" after a category deny it; a height said to be the
 *               family's ("probably just familial", "in keeping with her family", "fits the family
 *               pattern") denies a mid-parental gap, "falling away from his mid-parental target"
 *               names one; "healthy, normal growth" is one claim; a statement about children in
 *               general reaches the end of its clause only
 *   trend       steady/tracking/"followed the same curve", rising/"catch-up", falling/dropping/
 *               "crossed two percentile lines" ("fell across two lines"; not past a comma or a
 *               negation: "stable, no crossing of lines" is steady), plateau, "gained 2 kg since 9
 *               months", "jump"/"spike"/"surge" (rising), "dropped by almost two SD" (the size of
 *               the z change), "regained BW by day 10", "back to her birth weight" (the birth weight
 *               regained); "steady weight gain": the measure after the trend word; a velocity
 *               ("height velocity +5.1 cm/year", "weight velocity +0.21 kg/month")
 *   basis       "WHO chart", "CDC chart", "INTERGROWTH-21st newborn size standard" (ig21_nbs),
 *               "INTERGROWTH-21st preterm (postnatal growth) charts" (ig21_png), "INTERGROWTH-21st"
 *               (either), "corrected age", "chronological age", "adjusted for prematurity"
 *   advice      refer ("clinical review", "talk about these findings with her doctor"), recheck
 *               in N months ("in a year", "in a couple of weeks"), tests, "no
 *               follow-up needed" -- and any advice its clause denies ("we don't think any follow-up
 *               is needed", "no special follow-up", "there is nothing we need to follow up",
 *               "follow-up is not necessary")
 * Not extracted: thresholds inside conditions and definitions ("refer if she falls below the 3rd
 * percentile", "obesity is defined as ...", "above the obesity threshold (P95)"), statements about
 * children in general ("most infants regain their birth weight by 2 weeks", "the average child
 * gains 2 kg a year"), the objects of advice ("monitor for obesity", "to rule out failure to
 * thrive"), the writer's own doing ("I have followed that convention", "we followed the CDC
 * guidance", "she is followed closely"), a visit to come ("at her 4-year check we will weigh her":
 * no age claim, no tie), the line of a crossing ("crossed the 95th percentile line" is a trend, not
 * a position) and hypotheticals ("an ideal weight would be 16 kg"): they say nothing about the
 * child; nor "babies born at term" (other children's birth), a category word in a service's name
 * ("the Healthy Weight clinic"), the object of the care ("review for the early poor weight gain"),
 * development ("developing normally") or the care ("routine follow-up is appropriate") judged
 * normal, the judgement of a velocity just stated ("5 cm a year, which is reassuring"), "followed
 * more slowly" / "followed suit" (no steady trend).  A value the child is compared with ("the expected ~18 kg", "the median weight for her
 * age is 12.2 kg") is found but unverifiable; "only 0.4 kg gained" is a change, not a value.
 *
 * How claims are tied (claims_judge)
 *   visit      an age right after it ("7.1 kg at 9 months", "P3 (at 9 months)"); else an age or
 *              date in the same clause, the nearest before it first; "since" or "now" in its
 *              clause: the last visit; else the nearest age before it in the sentence (not across a
 *              semicolon), or after it across commas only; else the previous sentence's age in the
 *              same paragraph; else the last visit ("now", "currently", "latest" always mean the
 *              last visit). "born ..." is the birth visit like "at birth" ("born at 3.3 kg", "born
 *              at term weighing 3.64 kg, around the 72nd percentile", "when she was born (3.35
 *              kg)"), but neither reaches a claim past a verb in the present ("born at term, she
 *              now weighs ...", "a 4-year-old born at term who weighs ..."); with no visit at birth
 *              a birth value is unverifiable. "from birth (31.2 cm) to 18 months (43.8 cm)" ties
 *              each value to its end; the two ends of "z 0.46 to -1.61 from 2.5 to 9.5 months" and
 *              "from the 50th to the 10th percentile between 6 and 12 months" are the span's ends.
 *              A claim tied implicitly (previous sentence or default) is also accepted at the last
 *              visit; one about the past ("previously", "from the 50th") at any visit. The end of a
 *              change ("to the 12th now", "to above the 98th since 9 months") is never tied to the
 *              time of its start; a start without a time of its own is the start of the span its
 *              clause names (then, as a claim about the past, any visit), an end without one the
 *              span's end. A number before a list of ages ("below -2 SD at 12 and 15 months") must
 *              hold at every one; a finding "at that time", "then", "during this period" after
 *              several ages ("..., meeting the definition of wasting at that time") at one of those
 *              visits; a finding "since" an age ("obese since age 4") at that visit and now; a
 *              clause "when ..." after a time at that time ("since 2 months of age, when it was at
 *              the 64th percentile"); a finding is not tied to the start of a change ("declined
 *              from the 49th at 2 years ... (height faltering)"). Sentences and clauses: a line
 *              wrapped before "(" goes on; "and has been ..." starts a clause. A state over a span
 *              its clause names (or a life stage heading its sentence: "as a baby", "in infancy" --
 *              the first two years --, "as a toddler" -- 1 to 3 years) ("has stayed near the 55th
 *              percentile since age 7", "above the 95th
 *              since he was 6") must hold at half the span's visits at least, and so must one held
 *              "throughout", "always", or over "until 2 years" heading its sentence ("until about
 *              age 10, at the 88th percentile" after a comma is at 10 years).
 *              A summary whose first line is a heading naming one visit ("Amara - 3-year well visit
 *              (March 2023)", "## Growth check at 5 years": a line of its own, no sentence, no
 *              measurement, an age with a visit word or a date) is written at that visit: it is
 *              judged against the record up to that visit (its "now", defaults, spans and open
 *              flags).  An age ties the visits nearest it (others within its tolerance only when a
 *              month nearer at most: "at 2 years" is not the 18-month visit).  "at that visit", "at
 *              the same visit", "at that time" after a number: the last time named before it in its
 *              sentence (else the previous one); a clause after a semicolon or dash that goes on in
 *              the past tense keeps the time before it; "for the 5-year visit" is that visit; weeks
 *              in parentheses after "term" are the gestation; a gestation does not carry to the next
 *              sentence except for a value; a number in parentheses right after another number's
 *              claim ("below the 5th centile (13.1 kg/m2, 1st centile)", "to the 89th (47.6 cm)")
 *              is tied like it, unless a time inside the parentheses ties it; "5.40 kg -> 9.90 kg"
 *              (an arrow, "->", "=>") is a change from the first to the second; a finding "until"
 *              an age ("her BMI was normal until age 8") holds at the visits up to then.  A z or
 *              percentile after a category in its sentence ("Failure to thrive (moderate): low
 *              weight on repeated visits at 3y 0m: weight z -2.38 (P0.86)") is also supported by
 *              the value of that category's flag at the visit it names (the engine's flag holds
 *              it).  "on repeated visits" is the finding's history, no advice.
 *   span       of a trend or a change: the times of its own clause ("between 6 and 12 months",
 *              "since 9 months", "over the past year", "in the first two months", or its first
 *              and last ages; one age after "from" starts the span); "since" (or "then":
 *              "at 6 months, and then caught up") alone: since the last age named before it; "from
 *              the 42nd at 2 years to above the 95th since 6": from 2 years to now; "until age 4":
 *              up to then; "after 2 months", "over three years"; else its sentence's times, going
 *              on to the last visit when the verb is in the present ("has been falling: at 3 years
 *              ..., at 4 ..."); else the whole record.
 *   indicator  the claim's own words ("BMI 19.2", "WAZ", "weight-for-length percentile"), the
 *              value it follows ("9.8 kg (25th percentile)"), "for weight" after it, the nearest
 *              indicator word before it in the sentence, else the previous sentence's; a trend
 *              whose subject is "it" takes its antecedent's ("Her weight is at the 27th
 *              percentile. It has stayed on the same growth curve").  An age heading its sentence
 *              ("3 y: wt 14.4 kg; ht 96.3 cm") ties it across semicolons.  A bare length whose
 *              sentence names no indicator before it is the circumference named after it in its
 *              clause ("At 48.5 cm (z +2.4) his head is ..."), else -- when "it" is its subject or
 *              its sentence has no verb, and no other measurement precedes it -- the circumference
 *              the two sentences before it name ("Head circumference ... At birth it was 32.0 cm",
 *              "Smaller at 9 mo (44.8 cm)").
 *   reference  always the chart policy's at that visit; a chart named in the text is itself a
 *              basis claim.
 *   tables     a markdown table's body row is a sentence and each cell a clause: the row's age
 *              cell ("| 9 mo |", "| Birth |", "| 2 y |", a bare "| 12 |" under "Age (months)")
 *              ties the row's claims; the header cell of a column names the indicator of its
 *              cells (unless a cell names its own) and what a bare number in it is ("Weight (kg)":
 *              a weight in kg, "Percentile", "z-score"); a header cell that is an age ties its
 *              column; a row's label cell ("| Weight (kg) | 12.5 | 25.5 |") says what the bare
 *              numbers beside it are.
 *
 * Tolerances (CLAIMS_TOL_*; the man page lists them)
 *   value       within the rounding shown: half a unit of the last digit written ("9.8 kg" +/-0.05
 *               kg, "10 kg" +/-0.5 kg, "3300 g" +/-50 g, "18 lb 6 oz" +/-0.5 oz); twice that with
 *               "about", "approximately", "around", "~"; a length/height is compared with the
 *               measured value and with the value scored after the WHO +/-0.7 cm conversion.  The
 *               mid-parental target (core/stature.h: (father + mother +/- 13) / 2) within the
 *               rounding; its range: the Tanner range target -/+ 8.5 cm at both ends, or a range no
 *               wider around the target; its z / centile (in the aside after it) at the adult end of
 *               the chart (stature_target_of), within 0.1 / 2 points.  A projected adult height
 *               (stature_project: the latest height z from 2 years carried to the adult end, heights
 *               flagged implausible left out) within the rounding, at least 1 cm.
 *   age         +/-1 month under 2 years, +/-0.5 year from 2 years; a current age ("a 4-year-old")
 *               also when the completed years or months agree; a whole number of months that is the
 *               visit's age in completed calendar months ("1y 5m" at 1 year 5 months 30 days) names
 *               it.  A postmenstrual age ("at 37 weeks postmenstrual age", "35 weeks PMA") within a
 *               week.
 *   z           within 0.1 of the engine's z, or the rounding shown when it is coarser ("-2 SD":
 *               +/-0.5); twice that with "about"; a CDC BMI above P95 also against the 2022
 *               extended z; a z or centile of a birth weight, length or head also against the
 *               INTERGROWTH-21st Newborn Size standard for the gestational age (Villar 2014: size for
 *               gestational age, as the birth-size flags read it).
 *   percentile  within 2 points (4 with "about"), or, for a whole-number percentile, in the same
 *               band between two major lines of the reference's chart (traj_lineset_for) when it is
 *               not itself on a line, and nearer the line than its neighbours when it is and the
 *               text says "around" ("around the 50th" on CDC lines: 37.5-62.5); "below N" means
 *               below N + 2, "above N" above N - 2, "between A and B" from A - 2 to B + 2 (A - 4 to
 *               B + 4 with "around"); "on the
 *               median" is the 50th.
 *   trend       over the span it names (else the whole record), by the z-score of its indicator
 *               (traj_max_lines_sustained, pairs on one reference): steady = no more than
 *               CLAIMS_STEADY_MAX_LINES major line crossed either way; falling / rising = at least
 *               one major line crossed, or the z changed by at least CLAIMS_TREND_DZ, that way;
 *               contradicted when the z moved less than CLAIMS_TREND_NONE that way (or crossed two
 *               lines the other way); "crossed N lines" = at least N lines that way; plateau = the
 *               measurement gained less than half the reference median's gain over the span, or
 *               the z fell by CLAIMS_TREND_DZ; a velocity "within normal limits" ("height velocity
 *               is within normal limits", "weight gain has been normal") is a steady trend of its
 *               indicator (there is no velocity reference in the engine: a normal velocity keeps
 *               the child on the centile), not a normal-growth category; "gained 2 kg" = the change
 *               between the span's ends; a height velocity in cm/year with no span of its own: the
 *               rounding shown against stature_velocity (core/stature.h: from the latest visit at
 *               least 4 months before the last height, the position converted), else as a gain
 *               within the rounding shown ("risen only from 26.5 kg at 10 years to 34.0 kg now":
 *               +7.5 kg, within the rounding of both; "over", "more than", "less than" compare its
 *               size: "a little over 10% of her birth weight"; a loss of birth weight "less than N%"
 *               is its largest loss); "dropped by almost two SD" = the z moved that much that way
 *               (the rounding shown; "almost", "about": within CLAIMS_TREND_SD_APPROX of the size
 *               said); the birth weight regained = a weight at or above it after birth, by the time
 *               named (within 3 days); a trend whose named start or end is a value flagged
 *               implausible rests on it.  z-scores are compared on pairs of visits on
 *               one reference only: a span holding no two visits on one chart (only the WHO -> CDC
 *               switch) is unverifiable, save a measurement said to rise or fall ("her weight
 *               increased").
 *   category    against the flags (core/flags.h) open at that visit — for the last visit, flags
 *               that hold at the latest measurement of their indicator (nothing measured since
 *               says otherwise: a microcephaly found at 18 months with no head measured after it
 *               is still open at 6 years) and trajectories (lines crossed, a z rise) ending within
 *               CLAIMS_CURRENT_DAYS of it; for an earlier visit, flags whose visits cover it (the
 *               first visit of a trajectory only when the child was already beyond P5 / P95
 *               there); a finding in the past tense ("was underweight") or listed with its ages
 *               and no tense ("Failure to thrive (moderate): ... from 6 to 12 months") against the
 *               flags of the whole record; one alone without a tense ("Underweight.") about now —
 *               leaving out flags resting on implausible values (suspect):
 *               a category no flag supports is contradicted; "normal growth" / "no flags" with an
 *               open moderate or severe flag is contradicted ("healthy weight" already with an open
 *               weight or BMI flag of any severity, "normal height" with a stature flag, "normal
 *               head size" with a head flag); a negated category with a flag open is
 *               contradicted; a hedged category ("possible obesity") without a flag is contradicted
 *               only when the indicator's z is within 1 SD of the median or on the other side,
 *               unverifiable otherwise.  A category stands for the flags of its kind: overweight
 *               for overweight and obesity, obesity for obesity and severe obesity, stunting and
 *               short stature for each other, wasting for wasting and acute malnutrition, acute
 *               malnutrition for a MUAC flag or wasting (severe acute malnutrition: severe wasting,
 *               weight-for-length below -3 SD, a criterion of WHO 2013 beside MUAC < 115 mm and
 *               oedema; with no MUAC measured it is contradicted when the weight-for-length z is -2
 *               or above -- no criterion the record holds is met -- and unverifiable below, where
 *               the MUAC might meet it),
 *               underweight for underweight, thinness and a failure to thrive that is a low weight
 *               (P < 5) at the visit named, not a fall; "severe", "class 2", "class 3" must be met
 *               (the note names the flag that is there), also when hedged ("suggests severe acute
 *               malnutrition" with a moderate one); a size flag met at several visits (overweight
 *               "met at 3 visits since" a visit at P85) holds at the first of them; "resolved" is
 *               supported when a flag of the kind is in the record and none is open now,
 *               contradicted when one is open.  A category or
 *               trend that rests on a value flagged implausible (implausible_value at that visit,
 *               or a BIV) is contradicted, hedged or not, and so is one supported only by a suspect
 *               flag.
 *   basis       a chart named is supported when the chart policy uses it at that visit (no visit
 *               named: the last visit); over an age range named ("until 24 months", "WHO charts to
 *               24 mo", "for her first two years", "0-24 mo", "<24 mo", ">=24 mo", "after 2
 *               years", "since he turned two", "in infancy", "when she was a baby", "throughout",
 *               "always", "CDC after" / "after that" after a chart named until an age; in its
 *               clause, else in its sentence before it: "Corrected age used to 24 mo (WHO)") when
 *               it uses it at every visit of the range; in a sentence about the switch between
 *               charts, at any visit;
 *               a visit no chart scores (before term on corrected age) is unverifiable;
 *               "corrected age" when the child was born before 37 weeks and is corrected at that
 *               visit (no visit named: at any visit), contradicted for a term child; "chronological
 *               age" as the basis of a preterm child's percentiles under 24 months is contradicted
 *               (no visit named: at the last visit).  Unknown gestational age: unverifiable.  The
 *               INTERGROWTH-21st Newborn Size standard is also supported at any birth with a
 *               gestational age it covers (24+0 to 42+6 weeks), term births included.  Charts
 *               listed "from 9 months with the WHO charts, and from 2 years with the CDC charts"
 *               ("from A up to B" a span): each from its start up to the next one's.
 *   size for gestational age: "SGA", "LGA" are the flags small_for_gestational_age,
 *               large_for_gestational_age of the record, whenever the text says them (a fact of
 *               the birth).
 *   advice      unverifiable, unless it says no follow-up is needed (or only routine care, or a
 *               recheck 6 months or more away) while a severe flag is open, or says no follow-up
 *               is needed while a moderate one is.
 * A value, percentile or z that misses the engine's value but matches it on another basis — the
 * CDC value for an infant, the WHO value for a child the policy puts on CDC charts, the
 * chronological-age value of a preterm child, the weight in pounds written as kilograms (and the
 * other unit slips), another visit's value, another indicator's — is contradicted with a note that
 * names the basis it matches -- save the start of a change "at that visit" in a sentence about the
 * switch of charts ("from P61 to P45 at that visit"), read on the chart before the switch.
 *
 * omitted_flags: the categories of flags open at the last visit (not suspect, any severity) that
 * no claim mentions (a category claim of the kind -- "class 2 (severe) obesity" mentions
 * severe_obesity, "wasting" acute malnutrition and the reverse -- or a supported trend: a fall or a
 * rise of weight, length or head, and a crossing of the head either way, "head growth crossing
 * percentile lines"; or for implausible values words such as "implausible", "data entry error",
 * "check the measurement").  "which is defined as X" is a claim that the child is X, not a
 * definition. */
#ifndef GV_CLAIMS_H
#define GV_CLAIMS_H

#include <stddef.h>
#include <stdint.h>

#include "core/flags.h"
#include "core/record.h"
#include "core/status.h"

/* Version of the checker: stored with every verdict; bumped whenever extraction or a rule changes
 * what it finds or decides, so stored verdicts of an older version are re-checked. */
#define CLAIMS_VERSION 4

/* ------------------------------------------------------------------ tolerances (man page) */
#define CLAIMS_TOL_Z 0.1                /* z-scores: |stated - engine| <= 0.1 */
#define CLAIMS_TOL_PCT 2.0              /* percentiles: within 2 points (or the same band) */
#define CLAIMS_TOL_AGE_INFANT_MONTHS 1.0 /* ages under 24 months: +/-1 month */
#define CLAIMS_TOL_AGE_CHILD_YEARS 0.5  /* ages from 24 months: +/-0.5 year */
#define CLAIMS_APPROX_FACTOR 2.0        /* "about 10 kg": twice the rounding tolerance */
#define CLAIMS_STEADY_MAX_LINES 1       /* steady: at most one major percentile line crossed */
#define CLAIMS_TREND_DZ 0.5             /* rising/falling: z change that supports it without a line */
#define CLAIMS_TREND_NONE 0.2           /* rising/falling: z change below which it is contradicted */
#define CLAIMS_TREND_SD_APPROX 0.25     /* "fell by almost 2 SD": within a quarter of the size said */
#define CLAIMS_CURRENT_DAYS 365         /* a flag is open when dated within a year of the last visit
					 * (the same window as the patient list, app/flagcache.h) */
#define CLAIMS_SEVERE_RECHECK_MONTHS 6  /* with a severe flag open, a recheck this far away is unsafe */

/* ------------------------------------------------------------------ claims */

typedef enum claim_type {
	CLAIM_VALUE,
	CLAIM_AGE,
	CLAIM_PERCENTILE,
	CLAIM_Z,
	CLAIM_CATEGORY,
	CLAIM_TREND,
	CLAIM_BASIS,
	CLAIM_ADVICE,
	CLAIM_NTYPES
} claim_type;

typedef enum claim_verdict {
	CLAIM_UNVERIFIABLE, /* no value to compare with (or extraction only) */
	CLAIM_SUPPORTED,
	CLAIM_CONTRADICTED,
	CLAIM_NVERDICTS
} claim_verdict;

/* How a number is stated. */
typedef enum claim_cmp {
	CLAIM_EQ,     /* "at the 3rd", "9.8 kg" */
	CLAIM_APPROX, /* "about", "around", "~", "approximately" */
	CLAIM_LT,     /* "below", "under", "less than", "<" */
	CLAIM_GT,     /* "above", "over", "more than", ">" */
	CLAIM_RANGE   /* "between the 25th and 50th": stated_num .. stated_hi */
} claim_cmp;

/* Attribute bits (gv_claim.attr). */
enum {
	CLAIM_A_NEGATED = 1u << 0,   /* "no signs of obesity", "not underweight" */
	CLAIM_A_HEDGED = 1u << 1,    /* "possible", "at risk of", "borderline" */
	CLAIM_A_TIME = 1u << 2,      /* tied to a visit by an age or date in the text */
	CLAIM_A_CARRIED = 1u << 3,   /* tied by the previous sentence's age */
	CLAIM_A_PAST = 1u << 4,      /* refers to an earlier visit ("from", "previously") */
	CLAIM_A_CORRECTED = 1u << 5, /* an age said to be corrected */
	CLAIM_A_GENERIC = 1u << 6    /* trend or normal-growth claim about growth as a whole */
};

/* The basis another value matches (gv_claim.matches), named in the note. */
typedef enum claim_basis {
	CLAIM_B_NONE,
	CLAIM_B_CDC,         /* the CDC 2000 value */
	CLAIM_B_WHO,         /* the WHO value (2006 standards to 5 y, 2007 reference after) */
	CLAIM_B_CHRONO,      /* the chronological-age value of a preterm child */
	CLAIM_B_LB_AS_KG,    /* the weight in pounds written as kilograms */
	CLAIM_B_KG_AS_LB,    /* the weight in kilograms written as pounds */
	CLAIM_B_IN_AS_CM,    /* the length in inches written as centimetres */
	CLAIM_B_CM_AS_IN,    /* the length in centimetres written as inches */
	CLAIM_B_OTHER_VISIT, /* the value at another visit */
	CLAIM_B_OTHER_IND,   /* another indicator's value at this visit */
	CLAIM_B_Z_AS_PCT,    /* a z-score written as a percentile or the reverse */
	CLAIM_NBASES
} claim_basis;

/* Categories a claim can name beyond the flag categories (gv_claim.category). */
#define CLAIM_CAT_NORMAL GV_CAT_COUNT             /* "normal growth", "healthy weight", "no concerns" */
#define CLAIM_CAT_NO_FLAGS (GV_CAT_COUNT + 1)     /* "no flags", "no red flags" */
#define CLAIM_CAT_PRETERM (GV_CAT_COUNT + 2)      /* age claims: "born preterm", "premature" */
#define CLAIM_CAT_TERM (GV_CAT_COUNT + 3)         /* age claims: "born at term" */

/* Trends (gv_claim.trend). */
typedef enum claim_trend {
	CLAIM_T_NONE,
	CLAIM_T_STEADY,  /* steady, tracking, stable, "followed the same curve" */
	CLAIM_T_RISING,  /* rising, catch-up, crossing lines upward */
	CLAIM_T_FALLING, /* falling, dropping, crossing lines downward */
	CLAIM_T_PLATEAU, /* plateau, "no weight gain", "static weight" */
	CLAIM_T_CHANGE,  /* "gained 2 kg since", "grew 6 cm over the past year", "lost 8% of birth weight" */
	CLAIM_NTRENDS
} claim_trend;

#define CLAIMS_NO_DATE INT32_MIN
#define CLAIMS_NO_VISIT ((size_t)-1)
#define CLAIMS_TEXT 48   /* bytes of stated/expected, including the NUL */
#define CLAIMS_NOTE 200  /* bytes of note, including the NUL */

/* One claim.  The fields mirror the JSON of `growthview check`: start, end, quote (the caller's
 * text[start..end)), type (claims_type_name), stated, expected, verdict (claims_verdict_name),
 * indicator (claims_ind_name, "" when none), date (the visit's, CLAIMS_NO_DATE when none),
 * reference (claims_ref_name of ref, "" when none), note.  stated and expected are ASCII; a number
 * is also in stated_num / expected_num (NAN when the claim has none), so JSON can print numbers. */
typedef struct gv_claim {
	size_t start, end;             /* byte offsets of the quote in the text */
	claim_type type;
	claim_verdict verdict;
	char stated[CLAIMS_TEXT];      /* normalised: "9.8 kg", "P3", "<P5", "P25-P50", "z -2.1",
					* "18 months", "obesity", "no obesity", "steady", "who2006" */
	double stated_num, stated_hi;  /* the number (hi: upper end of a range), in `unit`; NAN when none */
	claim_cmp cmp;
	const char *unit;              /* unit of the numbers: "kg", "g", "lb", "cm", "in", "mm",
					* "kg/m2", "%", "percentile", "z", "months", "years", "weeks",
					* "lines"; "" when none.  Static. */
	char expected[CLAIMS_TEXT];    /* the engine's value, same unit and style; "" when none */
	double expected_num;           /* NAN when none */
	gv_ind ind;                    /* indicator; GV_NIND when none */
	gv_ref ref;                    /* reference of the expected value; GV_REF_NONE when none */
	int32_t date;                  /* date of the visit compared with; CLAIMS_NO_DATE */
	size_t visit;                  /* index of that visit in the child's visits; CLAIMS_NO_VISIT */
	int32_t date_from;             /* trends: first visit of the span; CLAIMS_NO_DATE */
	unsigned attr;                 /* CLAIM_A_* bits */
	int category;                  /* category claims: gv_flag_cat or CLAIM_CAT_*; -1 otherwise */
	claim_trend trend;             /* trend claims; CLAIM_T_NONE otherwise */
	int trend_dir;                 /* trend claims: -1 down, +1 up, 0 either/none */
	claim_basis matches;           /* contradicted claims: the other basis the stated value matches */
	char note[CLAIMS_NOTE];        /* why, in words, ASCII; "" when nothing to say */
} gv_claim;

/* The claims of one summary, in text order, and the flags it leaves out. */
typedef struct claims_result {
	gv_claim *claims;              /* malloc'd array of n claims; claims_free releases it */
	size_t n;
	uint64_t omitted;              /* GV_CAT_BIT of every omitted flag category (claims_judge) */
	int judged;                    /* 1 after claims_judge, 0 after claims_extract alone */
} claims_result;

/* ------------------------------------------------------------------ options */

typedef struct claims_options {
	gv_flag_options flags;         /* rule set, chart policy and prematurity correction */
	int who_lines;                 /* 1: WHO 2006 charts read with WHO's lines (P3 P15 P50 P85 P97);
					* 0: CDC's WHO charts (P2 ... P98).  Default: 1 with the WHO rule set */
	int current_days;              /* CLAIMS_CURRENT_DAYS */
} claims_options;

/* Defaults for a rule set (flags_default_options, who_lines, current_days). */
void claims_default_options(claims_options *o, gv_ruleset rules);

/* ------------------------------------------------------------------ extraction */

/* Find every claim of text[0..len) (UTF-8; invalid bytes are taken as spaces, never read past len;
 * NUL bytes are ordinary separators).  out gets the claims in text order with verdict
 * CLAIM_UNVERIFIABLE, stated filled in, ind, cmp, attr, category, trend as the text says them
 * (ind as the text ties it: see "How claims are tied"; GV_NIND when nothing names one), no
 * visit.  out is overwritten (call claims_free on it afterwards, also after an error).  Returns
 * GV_OK, GV_ENOMEM (GV_EINVAL for a NULL text with len > 0). */
gv_status claims_extract(const char *text, size_t len, claims_result *out);

/* ------------------------------------------------------------------ judging */

/* A child's engine results, computed once and reused for every summary of that child: growth
 * results of every visit under the chart policy and under the other bases (CDC, WHO,
 * chronological age), the flags, the implausible values. */
typedef struct claims_child claims_child;

/* Compute them for child c (visits sorted by date) under options o (NULL = US defaults).  The
 * child's visits are copied: c may be freed afterwards.  *out is malloc'd; claims_child_free
 * releases it.  Returns GV_OK, GV_EINVAL (unknown sex, or no visit), GV_ENOMEM. */
gv_status claims_child_new(const gv_child *c, const claims_options *o, claims_child **out);

/* Release what claims_child_new allocated; NULL is fine. */
void claims_child_free(claims_child *cc);

/* Extract the claims of text[0..len) and judge each against child cc: verdict, expected, ind, ref,
 * date, visit, note, matches; out->omitted.  out is overwritten (claims_free it afterwards, also
 * after an error).  Returns GV_OK, GV_EINVAL (cc NULL), GV_ENOMEM. */
gv_status claims_judge(const claims_child *cc, const char *text, size_t len, claims_result *out);

/* claims_child_new + claims_judge + claims_child_free in one call. */
gv_status claims_check(const char *text, size_t len, const gv_child *c, const claims_options *o,
		       claims_result *out);

/* Free the claims array and reset *r to empty; NULL or an empty result is fine. */
void claims_free(claims_result *r);

/* ------------------------------------------------------------------ matching and names */

/* Index of the first claim of r whose span overlaps [start, end) (at least one byte in common;
 * an empty span overlaps a claim that contains its position) and whose verdict is v (or any
 * verdict when v is CLAIM_NVERDICTS); CLAIMS_NO_VISIT when none.  Used to match a planted
 * mistake's span (core/variants) with the contradicted claims. */
size_t claims_find_overlap(const claims_result *r, size_t start, size_t end, claim_verdict v);

/* Number of categories in out->omitted, written as gv_flag_cat values into cats[0..cap) in
 * category order (flags_cat_name gives the JSON names).  Returns the total. */
size_t claims_omitted(const claims_result *r, gv_flag_cat *cats, size_t cap);

/* Names for JSON: "value", "age", "percentile", "z", "category", "trend", "basis", "advice";
 * "supported", "contradicted", "unverifiable"; indicators "wfa", "lhfa", "bfa", "hcfa", "acfa",
 * "wflh" (refs_ind_name; "" for GV_NIND); references "who2006", "who2007", "cdc2000", "ig21_nbs",
 * "ig21_png" ("" for none); trends "steady", "rising", "falling", "plateau", "change"; bases "cdc2000", "who",
 * "chronological_age", "lb_as_kg", "kg_as_lb", "in_as_cm", "cm_as_in", "other_visit",
 * "other_indicator", "z_as_percentile".  "" for other values; static strings. */
const char *claims_type_name(claim_type t);
const char *claims_verdict_name(claim_verdict v);
const char *claims_ind_name(gv_ind i);
const char *claims_ref_name(gv_ref r);
const char *claims_trend_name(claim_trend t);
const char *claims_basis_name(claim_basis b);

/* Parse a type or verdict name back; CLAIM_NTYPES / CLAIM_NVERDICTS when unknown. */
claim_type claims_type_parse(const char *s);
claim_verdict claims_verdict_parse(const char *s);

#endif
