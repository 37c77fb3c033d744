/* claims_words.c — the claim checker's lexicon: the phrases that make category, normal-growth,
 * "no flags", trend, basis and advice claims and the mentions that count for omitted flags (what
 * each finds: claims_pint.h), and the phrases after which a category is the object of advice.
 * claims_lex.c reads them. */
#include "core/claims_pint.h"

/* Longer phrases first.  Order matters: the first entry that matches at a token wins. */
const lexent cp_lex[] = {
	/* a height said to be the family's: no gap to the mid-parental target ("his height is probably
	 * just familial", "growing in keeping with her family", "fits the family pattern") */
	{"consistent|compatible with his|her|their|the family|parents|parental|genetic", LX_CAT, GV_CAT_MIDPARENTAL_HEIGHT_GAP,
	 0, GV_LHFA, LF_DENY},
	{"in keeping|line with his|her|their|the family|parents|parental|genetic", LX_CAT, GV_CAT_MIDPARENTAL_HEIGHT_GAP, 0,
	 GV_LHFA, LF_DENY},
	{"fits|fit|fitting|matches|match the|his|her|their family|familial pattern|pattern", LX_CAT, GV_CAT_MIDPARENTAL_HEIGHT_GAP,
	 0, GV_LHFA, LF_DENY},
	{"takes|take|taking after his|her|their parents|family|mother|father", LX_CAT, GV_CAT_MIDPARENTAL_HEIGHT_GAP, 0,
	 GV_LHFA, LF_DENY},
	{"familial|genetic short? stature?", LX_CAT, GV_CAT_MIDPARENTAL_HEIGHT_GAP, 0, GV_LHFA, LF_DENY | LF_AFTERBE},
	/* words that look like claims and are not */
	{"consistent|compatible with", LX_SKIP, 0, 0, -1, 0},
	{"falls|fall|lies|lie|sits|sit|plots|plotted|plotting below|above|within|between|on|at|in|under|over|near|around|just",
	 LX_SKIP, 0, 0, -1, 0},
	{"no longer", LX_SKIP, 0, 0, -1, 0},
	/* "a normal length of pregnancy": the gestation, not the child's length */
	{"normal|usual|full|typical|average length of", LX_SKIP, 0, 0, -1, 0},
	/* "growing well below his genetic potential": "well" says how far below, no judgement of growth */
	{"growing|grown|grew|growth well below|above|under|over|beyond|outside|short", LX_SKIP, 0, 0, -1, 0},
	/* "low weight on repeated visits": the finding's past visits, no recheck advised */
	{"repeated visits|measurements|occasions|checks|weighings", LX_SKIP, 0, 0, -1, 0},
	{"follow up", LX_ADVICE, ADV_RECHECK, 0, -1, 0},
	{"followup", LX_ADVICE, ADV_RECHECK, 0, -1, 0},
	/* advice that nothing is needed */
	{"no further follow|followup|action|intervention|treatment|investigation|investigations|workup|referral|tests|"
	 "testing|evaluation|care|monitoring|steps",
	 LX_ADVICE, ADV_NONE_NEEDED, 0, -1, LF_SELFNEG},
	{"no follow|followup|action|intervention|treatment|investigation|investigations|workup|referral|tests|testing|"
	 "evaluation|monitoring up? is|are? needed|required|necessary|indicated|warranted",
	 LX_ADVICE, ADV_NONE_NEEDED, 0, -1, LF_SELFNEG},
	{"nothing further|else|more needs|is|to? needed|required|necessary|done|be", LX_ADVICE, ADV_NONE_NEEDED, 0, -1, LF_SELFNEG},
	{"nothing needs", LX_ADVICE, ADV_NONE_NEEDED, 0, -1, LF_SELFNEG},
	{"no need for|to", LX_ADVICE, ADV_NONE_NEEDED, 0, -1, LF_SELFNEG},
	{"not need|require|needed|required|necessary", LX_ADVICE, ADV_NONE_NEEDED, 0, -1, LF_SELFNEG},
	{"doesn't|dont|don't|doesnt need|require", LX_ADVICE, ADV_NONE_NEEDED, 0, -1, LF_SELFNEG},
	{"no action", LX_ADVICE, ADV_NONE_NEEDED, 0, -1, LF_SELFNEG},
	{"reassurance|reassure|reassured only?", LX_ADVICE, ADV_ROUTINE, 0, -1, 0},
	{"routine|regular|usual|standard|scheduled well? child? care|follow|followup|check|checks|checkup|checkups|"
	 "visits|visit|monitoring|surveillance|schedule|appointments|review|reviews up?",
	 LX_ADVICE, ADV_ROUTINE, 0, -1, 0},
	{"next routine|scheduled|regular|well child? visit|check|checkup|appointment|review", LX_ADVICE, ADV_ROUTINE, 0, -1, 0},
	{"refer|referral|referred|referring|specialist|endocrinology|endocrinologist|gastroenterology|"
	 "gastroenterologist|dietitian|dietician|nutritionist|neurology|neurologist|neurosurgery|genetics|geneticist|"
	 "urgent|urgently|admission|admit|hospital|emergency",
	 LX_ADVICE, ADV_REFER, 0, -1, 0},
	{"recheck|reweigh|remeasure|reassess|reevaluate|repeat|repeated|revisit", LX_ADVICE, ADV_RECHECK, 0, -1, 0},
	/* less food to slow weight gain */
	{"calorie|calories|energy|kcal restricted|restriction|reduced|reduction|limited|controlled", LX_ADVICE, ADV_RESTRICT, 0, -1,
	 0},
	{"smaller|fewer|reduced|less meals|portions|feeds|feeding|bottles", LX_ADVICE, ADV_RESTRICT, 0, -1, 0},
	{"skip|skipping|cut|cutting|stop|stopping|restrict|restricting|limit|limiting out|down? snacks|meals|calories|"
	 "portions|feeds|sweets|food",
	 LX_ADVICE, ADV_RESTRICT, 0, -1, 0},
	{"dilute|diluted|diluting|weaken|weaker the|his|her|their? formula|feeds|milk", LX_ADVICE, ADV_RESTRICT, 0, -1, 0},
	{"make|making his|her|their|the formula|feeds|bottles weaker|thinner|more dilute", LX_ADVICE, ADV_RESTRICT, 0, -1, 0},
	{"put|putting him|her|them on a diet", LX_ADVICE, ADV_RESTRICT, 0, -1, 0},
	/* "Clinical review of the flagged findings is suggested", "talk about these findings with her
	 * doctor": a review by a clinician */
	{"clinical|medical|specialist review|assessment|evaluation", LX_ADVICE, ADV_REFER, 0, -1, 0},
	{"with his|her|their|your|the doctor|doctors|gp|paediatrician|pediatrician|nurse|clinician", LX_ADVICE, ADV_REFER, 0, -1,
	 0},
	{"re check|weigh|measure|assess|evaluate|examine", LX_ADVICE, ADV_RECHECK, 0, -1, 0},
	{"see|seen|check|checked|review|reviewed|return|weigh|weighed|measure|measured|plot|plotted her|him|them|the|child|"
	 "baby? again|back", LX_ADVICE, ADV_RECHECK, 0, -1, 0},
	{"check|review|weigh|measure|return|come|see", LX_ADVICE, ADV_RECHECK, 1, -1, 0},
	{"blood test|tests|work|count", LX_ADVICE, ADV_TESTS, 0, -1, 0},
	{"bloods|labs|laboratory|thyroid|tsh|celiac|coeliac|karyotype|xray|imaging|mri|ultrasound|workup|investigate|"
	 "investigation|investigations|igf",
	 LX_ADVICE, ADV_TESTS, 0, -1, 0},
	{"x ray", LX_ADVICE, ADV_TESTS, 0, -1, 0},
	{"growth hormone", LX_ADVICE, ADV_TESTS, 0, -1, 0},
	{"bone age", LX_ADVICE, ADV_TESTS, 0, -1, 0},
	{"work up", LX_ADVICE, ADV_TESTS, 0, -1, 0},
	{"monitor|monitoring|monitored|watch|observe|observation|surveillance", LX_ADVICE, ADV_MONITOR, 0, -1, 0},
	{"lipids|lipid|hba1c|glucose|insulin|cholesterol|ferritin|haemoglobin|hemoglobin|iron|vitamin", LX_ADVICE,
	 ADV_TESTS, 0, -1, 0},
	{"clinic|programme|program|service|team", LX_ADVICE, ADV_REFER, 0, -1, 0},
	{"counselling|counseling|lifestyle|dietary|diet|nutritional|feeding|breastfeeding|exercise|activity|education|"
	 "support|supplement|supplements|supplementation",
	 LX_ADVICE, ADV_OTHER, 0, -1, 0},
	{"keep an? eye|track", LX_ADVICE, ADV_MONITOR, 0, -1, 0},
	{"continue to track|plot|follow|measure", LX_ADVICE, ADV_MONITOR, 0, -1, 0},

	/* categories */
	{"severe|severely acute malnutrition|malnourished", LX_CAT, GV_CAT_SEVERE_ACUTE_MALNUTRITION, 0, GV_ACFA, 0},
	{"moderate|moderately acute malnutrition|malnourished", LX_CAT, GV_CAT_MODERATE_ACUTE_MALNUTRITION, 0, GV_ACFA, 0},
	{"sam", LX_CAT, GV_CAT_SEVERE_ACUTE_MALNUTRITION, 0, GV_ACFA, LF_CAPS},
	{"mam", LX_CAT, GV_CAT_MODERATE_ACUTE_MALNUTRITION, 0, GV_ACFA, LF_CAPS},
	{"acute malnutrition", LX_CAT, GV_CAT_MODERATE_ACUTE_MALNUTRITION, 0, GV_ACFA, 0},
	{"class 3|iii|three obesity", LX_CAT, GV_CAT_SEVERE_OBESITY, 3, GV_BFA, 0},
	{"class 2|ii|two obesity", LX_CAT, GV_CAT_SEVERE_OBESITY, 2, GV_BFA, 0},
	{"class 1|i|one obesity", LX_CAT, GV_CAT_OBESITY, 1, GV_BFA, 0},
	{"obesity class|grade 3|iii", LX_CAT, GV_CAT_SEVERE_OBESITY, 3, GV_BFA, 0},
	{"obesity class|grade 2|ii", LX_CAT, GV_CAT_SEVERE_OBESITY, 2, GV_BFA, 0},
	{"obesity class|grade 1|i", LX_CAT, GV_CAT_OBESITY, 1, GV_BFA, 0},
	{"severe|severely|morbid|morbidly obesity|obese", LX_CAT, GV_CAT_SEVERE_OBESITY, 9, GV_BFA, 0},
	{"obese|obesity", LX_CAT, GV_CAT_OBESITY, 0, GV_BFA, 0},
	{"overweight", LX_CAT, GV_CAT_OVERWEIGHT, 0, GV_BFA, 0},
	{"severely underweight", LX_CAT, GV_CAT_UNDERWEIGHT, 9, GV_WFA, 0},
	{"underweight", LX_CAT, GV_CAT_UNDERWEIGHT, 0, GV_WFA, 0},
	{"low weight for age", LX_CAT, GV_CAT_UNDERWEIGHT, 0, GV_WFA, 0},
	{"malnutrition|malnourished|undernutrition|undernourished|undernourishment", LX_CAT, GV_CAT_UNDERWEIGHT, 0, GV_WFA, 0},
	{"severely|severe stunted|stunting", LX_CAT, GV_CAT_STUNTING, 9, GV_LHFA, 0},
	{"stunted|stunting", LX_CAT, GV_CAT_STUNTING, 0, GV_LHFA, 0},
	{"short stature", LX_CAT, GV_CAT_SHORT_STATURE, 0, GV_LHFA, 0},
	{"short for his|her|their|its|the? age", LX_CAT, GV_CAT_SHORT_STATURE, 0, GV_LHFA, 0},
	{"severely|severe wasted|wasting", LX_CAT, GV_CAT_WASTING, 9, GV_WFLH, 0},
	{"wasted|wasting", LX_CAT, GV_CAT_WASTING, 0, GV_WFLH, 0},
	{"low weight for length|height", LX_CAT, GV_CAT_WASTING, 0, GV_WFLH, 0},
	{"thin|skinny|light for his|her|their|its? length|height", LX_CAT, GV_CAT_WASTING, 0, GV_WFLH, 0},
	{"high weight for length|height", LX_CAT, GV_CAT_OVERWEIGHT, 0, GV_WFLH, 0},
	{"severe thinness", LX_CAT, GV_CAT_THINNESS, 9, GV_BFA, 0},
	{"thinness", LX_CAT, GV_CAT_THINNESS, 0, GV_BFA, 0},
	{"failure to thrive", LX_CAT, GV_CAT_FAILURE_TO_THRIVE, 0, GV_WFA, 0},
	{"ftt", LX_CAT, GV_CAT_FAILURE_TO_THRIVE, 0, GV_WFA, 0},
	{"faltering growth|weight", LX_CAT, GV_CAT_FAILURE_TO_THRIVE, 0, GV_WFA, 0},
	{"growth|weight faltering", LX_CAT, GV_CAT_FAILURE_TO_THRIVE, 0, GV_WFA, 0},
	{"height|length|linear growth? faltering", LX_CAT, GV_CAT_HEIGHT_FALTERING, 0, GV_LHFA, 0},
	{"poor|inadequate|insufficient weight gain", LX_CAT, GV_CAT_FAILURE_TO_THRIVE, 0, GV_WFA, 0},
	/* size at birth for the gestational age (INTERGROWTH-21st Newborn Size; flags
	 * small_for_gestational_age, large_for_gestational_age) */
	{"very|severely small for gestational age|dates", LX_CAT, GV_CAT_SMALL_FOR_GA, 0, GV_WFA, 0},
	{"small for gestational age|dates", LX_CAT, GV_CAT_SMALL_FOR_GA, 0, GV_WFA, 0},
	{"sga", LX_CAT, GV_CAT_SMALL_FOR_GA, 0, GV_WFA, LF_CAPS},
	{"large for gestational age|dates", LX_CAT, GV_CAT_LARGE_FOR_GA, 0, GV_WFA, 0},
	{"lga", LX_CAT, GV_CAT_LARGE_FOR_GA, 0, GV_WFA, LF_CAPS},
	{"severe microcephaly", LX_CAT, GV_CAT_MICROCEPHALY, 9, GV_HCFA, 0},
	{"microcephaly|microcephalic", LX_CAT, GV_CAT_MICROCEPHALY, 0, GV_HCFA, 0},
	{"small head size|circumference?", LX_CAT, GV_CAT_MICROCEPHALY, 0, GV_HCFA, 0},
	{"macrocephaly|macrocephalic", LX_CAT, GV_CAT_MACROCEPHALY, 0, GV_HCFA, 0},
	{"large head size|circumference?", LX_CAT, GV_CAT_MACROCEPHALY, 0, GV_HCFA, 0},
	{"rapid|excessive|accelerated infant? weight gain", LX_CAT, GV_CAT_RAPID_WEIGHT_GAIN, 0, GV_WFA, 0},
	{"excessive? newborn|neonatal|excessive weight loss", LX_CAT, GV_CAT_NEWBORN_WEIGHT_LOSS, 0, GV_WFA, 0},
	{"early|initial|postnatal|first? weight loss", LX_CAT, GV_CAT_NEWBORN_WEIGHT_LOSS, 0, GV_WFA, LF_RESOLVED},
	{"below|under his|her|their|the mid parental|midparental|genetic|familial|target|parental height? target|height|range|potential?",
	 LX_CAT, GV_CAT_MIDPARENTAL_HEIGHT_GAP, 0, GV_LHFA, 0},
	{"shorter than expected|predicted for|from? his|her|their? family|parents|parental", LX_CAT, GV_CAT_MIDPARENTAL_HEIGHT_GAP,
	 0, GV_LHFA, 0},
	{"falling|fallen|moving|moved|drifting|drifted|diverging|diverged away? from his|her|their|the mid parental|midparental|"
	 "genetic|target|familial|parental height? target|height|range|potential?",
	 LX_CAT, GV_CAT_MIDPARENTAL_HEIGHT_GAP, 0, GV_LHFA, 0},
	/* "no flags" */
	{"no moderate|severe or? severe|moderate? growth? flags|flag", LX_NOFLAGS, 0, 0, -1, LF_SELFNEG},
	{"no red|growth|clinical|warning|active|open|current|outstanding|new|other? flags|flag|alerts|alert", LX_NOFLAGS, 0,
	 0, -1, LF_SELFNEG},
	{"nothing flagged", LX_NOFLAGS, 0, 0, -1, LF_SELFNEG},
	{"no warning signs|signals", LX_NOFLAGS, 0, 0, -1, LF_SELFNEG},
	/* normal growth */
	{"no current|major|significant|specific|particular|real|other|further? growth|weight|height? concerns|concern|"
	 "issues|problems|worries|problem|issue", LX_NORMAL, 0, -1, -1, LF_SELFNEG},
	{"nothing concerning|worrying", LX_NORMAL, 0, -1, -1, LF_SELFNEG},
	{"healthy|normal|appropriate|ideal|reassuring|good weight|weights|bmi", LX_NORMAL, 0, 1, -1, 0},
	{"healthy|normal|appropriate|average|typical height|length|stature", LX_NORMAL, 0, 2, -1, 0},
	{"normal|appropriate|typical head circumference|size|growth", LX_NORMAL, 0, 3, -1, 0},
	{"normal|healthy|appropriate|typical|reassuring|adequate|satisfactory|good growth|growing", LX_NORMAL, 0, 0, -1, 0},
	{"growing well|normally|appropriately|nicely|fine", LX_NORMAL, 0, -1, -1, 0},
	{"nothing to worry about?", LX_NORMAL, 0, -1, -1, LF_SELFNEG},
	{"nothing to be worried|concerned about?", LX_NORMAL, 0, -1, -1, LF_SELFNEG},
	{"thriving", LX_NORMAL, 0, 0, -1, 0},
	{"on track", LX_NORMAL, 0, -1, -1, 0},
	{"normal|reassuring|unremarkable|appropriate|healthy|fine|good|satisfactory|adequate|preserved|maintained|average|"
	 "typical", LX_NORMAL, 0, -1, -1, LF_AFTERBE},
	{"within|in the? normal|healthy|expected|typical range|ranges|limits", LX_NORMAL, 0, -1, -1, 0},
	/* trends */
	{"regained|regain|regains|regaining|recovered|recovers|reached|passed his|her|their|the? birthweight|bw|birth weight?",
	 LX_TREND, CLAIM_T_RISING, 9, GV_WFA, 0},
	{"back|returned|return|returning|got|get|gotten up? to|above|over his|her|their|the? birthweight|bw|birth weight?",
	 LX_TREND, CLAIM_T_RISING, 9, GV_WFA, 0},
	{"catch up growth?", LX_TREND, CLAIM_T_RISING, 1, -1, 0},
	{"catchup growth?", LX_TREND, CLAIM_T_RISING, 1, -1, 0},
	{"caught up", LX_TREND, CLAIM_T_RISING, 1, -1, 0},
	{"no|not|without major? percentile|centile? lines|line|channels|centiles|percentiles crossed|crossing", LX_TREND,
	 CLAIM_T_STEADY, 0, -1, LF_SELFNEG},
	{"crossed|crossing|crosses|cross", LX_LINES, 0, 0, -1, 0},
	{"no|little|minimal|negligible weight gain", LX_TREND, CLAIM_T_PLATEAU, 0, GV_WFA, LF_SELFNEG},
	{"not|hasn't|hasnt|didn't|did|has|had|hadn't not? gained|gain|put weight", LX_TREND, CLAIM_T_PLATEAU, 0, GV_WFA, LF_SELFNEG},
	{"stopped|stopping gaining|growing", LX_TREND, CLAIM_T_PLATEAU, 0, -1, 0},
	{"plateau|plateaued|plateauing|plateaus|flattened|flattening|flattens|flat|static|stalled|stalling|stagnant|"
	 "stagnated|stagnation|levelled|leveled|leveling|levelling",
	 LX_TREND, CLAIM_T_PLATEAU, 0, -1, 0},
	{"steady|steadily|gradual|gradually|progressive|progressively|consistent|consistently|slow|slowly rise|rising|"
	 "increase|increasing|climb|climbing|gain|gaining", LX_TREND, CLAIM_T_RISING, 1, -1, 0},
	{"steady|steadily|gradual|gradually|progressive|progressively|consistent|consistently|slow|slowly fall|falling|"
	 "decline|declining|drop|dropping|decrease|decreasing", LX_TREND, CLAIM_T_FALLING, -1, -1, 0},
	{"steady|steadily|stable|stably|consistent|consistently|constant|unchanged|maintained|maintaining|maintains|"
	 "tracking|tracked|tracks|following|followed|follows|paralleling|paralleled|parallels|parallel",
	 LX_TREND, CLAIM_T_STEADY, 0, -1, 0},
	{"grown|grew|growing along|parallel", LX_TREND, CLAIM_T_STEADY, 0, -1, LF_HEAD},
	{"stayed|stays|stay|remained|remains|remain|kept|keeps|continued|continues on|along|within|steady|stable|"
	 "consistent|close|near|around|parallel|between|below|above|under|over|at|in|just|well|slightly|roughly|about|"
	 "level|flat|unchanged|constant|similar|there",
	 LX_TREND, CLAIM_T_STEADY, 0, -1, LF_HEAD},
	{"same growth? curve|centile|percentile|line|channel|trajectory|track", LX_TREND, CLAIM_T_STEADY, 0, -1, 0},
	{"been|stayed|remained|remains|stays|kept that|this|the same? size|percentile|centile|level|position|line|curve|"
	 "channel", LX_TREND, CLAIM_T_STEADY, 0, -1, 0},
	{"drifting|drifted|drift|drifts|trending|trended|trend|moving|moved|shifted|shifting|gone|went|going|come|came up|upward|"
	 "upwards|higher", LX_TREND, CLAIM_T_RISING, 1, -1, 0},
	{"drifting|drifted|drift|drifts|trending|trended|trend|moving|moved|shifted|shifting|gone|went|going|come|came down|"
	 "downward|downwards|lower", LX_TREND, CLAIM_T_FALLING, -1, -1, 0},
	{"lost|losing ground|centiles|percentiles", LX_TREND, CLAIM_T_FALLING, -1, -1, 0},
	{"rising|rose|risen|rise|rises|increasing|increased|increase|increases|upward|upwards|climbing|climbed|climbs|"
	 "climb|accelerating|accelerated|acceleration|improving|improved|improvement|upturn|recovery|recovered|"
	 "recovering|recovers|gained|gaining|gains|jump|jumped|jumps|spike|spiked|spikes|surge|surged steadily|consistently|"
	 "gradually|progressively|slowly|sharply|"
	 "steeply|rapidly|quickly?",
	 LX_TREND, CLAIM_T_RISING, 1, -1, 0},
	{"falling|fell|fallen|falls|fall|dropping|dropped|drop|drops|declining|declined|decline|declines|decreasing|"
	 "decreased|decrease|decreases|downward|downwards|slipping|slipped|slips|slip|deceleration|decelerating|"
	 "decelerated|decelerate|slowing|slowed|worsening|worsened|downturn steadily|consistently|gradually|"
	 "progressively|slowly|sharply|steeply|rapidly|quickly?",
	 LX_TREND, CLAIM_T_FALLING, -1, -1, 0},
	/* basis */
	{"who 2006|2007? growth? chart|charts|curve|curves|standard|standards|reference|references|centile|centiles|"
	 "percentile|percentiles|data",
	 LX_BASIS, BASIS_CHART, CHW, -1, LF_CAPS},
	{"who 2006|2007", LX_BASIS, BASIS_CHART, CHW, -1, LF_CAPS},
	{"who", LX_BASIS, BASIS_CHART, 1, -1, LF_CAPS},
	{"cdc 2000? growth? chart|charts|curve|curves|reference|references|centile|centiles|percentile|percentiles|data",
	 LX_BASIS, BASIS_CHART, CHC, -1, 0},
	{"cdc 2000?", LX_BASIS, BASIS_CHART, CHC, -1, 0},
	/* "INTERGROWTH-21st newborn size standard", "the INTERGROWTH-21st preterm charts" */
	{"intergrowth 21? newborn|birth size|growth? chart|charts|standard|standards|curves", LX_BASIS, BASIS_CHART, CHN, -1, 0},
	{"intergrowth 21? preterm|postnatal postnatal? growth? chart|charts|standard|standards|curves", LX_BASIS, BASIS_CHART,
	 CHP, -1, 0},
	{"intergrowth 21?", LX_BASIS, BASIS_CHART, CHN | CHP, -1, 0},
	{"corrected|adjusted age|ages", LX_BASIS, BASIS_CORRECTED, 0, -1, 0},
	{"adjust|adjusted|adjusting|correct|corrected|correcting her|his|their|the age|ages", LX_BASIS, BASIS_CORRECTED, 0, -1,
	 0},
	{"corrected|adjusted|correcting|adjusting|correction|adjustment for prematurity|gestation|gestational|preterm",
	 LX_BASIS, BASIS_CORRECTED, 0, -1, 0},
	{"not corrected|adjusted for prematurity|gestation", LX_BASIS, BASIS_CHRONO, 0, -1, LF_SELFNEG},
	{"without correction|adjustment|correcting|adjusting", LX_BASIS, BASIS_CHRONO, 0, -1, LF_SELFNEG},
	{"chronological|chronologic|uncorrected|unadjusted|actual age|ages", LX_BASIS, BASIS_CHRONO, 0, -1, 0},
	/* mentions */
	{"implausible|implausibly|erroneous|mismeasured|typo|outlier|spurious|unreliable|questionable|error|errors",
	 LX_MENTION, CP_M_IMPLAUSIBLE, 0, -1, 0},
	{"check|verify|confirm|recheck|remeasure|repeat this|that|the value|measurement|reading|entry|weight|height|length",
	 LX_MENTION, CP_M_IMPLAUSIBLE, 0, -1, 0},
	{"mid parental|midparental", LX_MENTION, CP_M_MIDPARENTAL, 0, -1, 0},
	{"target height", LX_MENTION, CP_M_MIDPARENTAL, 0, -1, 0},
	{"parents|parental heights|height|stature", LX_MENTION, CP_M_MIDPARENTAL, 0, -1, 0},
	{"regain|regained|regaining|regains", LX_MENTION, CP_M_BIRTHWEIGHT, 0, -1, 0},
	{"below birth weight|birthweight", LX_MENTION, CP_M_BIRTHWEIGHT, 0, -1, 0},
};

const size_t cp_nlex = sizeof cp_lex / sizeof cp_lex[0];
_Static_assert(sizeof cp_lex / sizeof cp_lex[0] <= CP_INDEX_MAX, "the lexicon index holds CP_INDEX_MAX entries");

/* Phrases after which a category is the object of advice, not a finding about the child. */
const char *const cp_targets[] = {
	"rule|ruling|rules out",
	"monitor|monitoring|watch|watching|screen|screening|evaluate|evaluation|evaluating|assess|assessment|assessing|look|"
	"looking|check|checking|test|testing|investigate|investigating|investigation|workup|evaluated|assessed|tested|"
	"observe|observation for|of",
	"prevent|preventing|prevention|avoid|avoiding|reduce|reducing|lower|lowering|counselling|counseling",
	"risk factors|factor",
	"causes|cause|reasons|reason of|for",
	"definition|criteria|criterion|threshold|thresholds|cutoff|cutoffs of|for",
	"cut off|offs",
	"signs|symptoms of developing",
	/* "dietitian review for the early poor weight gain": what the care is for (appended: the
	 * entries above are referred to by index) */
	"review|referral|input|support|treatment|management|followup|plan|programme|program for the|his|her|their? "
	"early|initial|recent|ongoing|persistent?",
	"follow up for the|his|her|their? early|initial|recent|ongoing|persistent?",
};

const size_t cp_ntargets = sizeof cp_targets / sizeof cp_targets[0];
