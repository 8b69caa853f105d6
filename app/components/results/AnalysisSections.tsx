import { DecisionSummary } from "./DecisionSummary.tsx";
import { EmptyState } from "./EmptyState.tsx";
import { ResponseCounts } from "./ResponseCounts.tsx";
import { PriceBands } from "./PriceBands.tsx";
import { PriceBook } from "./PriceBook.tsx";
import { GaborGranger } from "./GaborGranger.tsx";
import { MaxDiffShares } from "./MaxDiffShares.tsx";
import { ValueMap } from "./ValueMap.tsx";
import { Hypotheses } from "./Hypotheses.tsx";
import { ConceptScores } from "./ConceptScores.tsx";
import type { InterimView } from "../../results/interim.server.ts";
import { SegmentationNote } from "./Segmentations.tsx";
import type { ResultsView as View } from "../../results/view.server.ts";

/**
 * The analysis sections shared by the results page and the printable report, in reading order:
 * the decisions first, then the evidence. A study without completed responses shows one empty state.
 */
export function AnalysisSections({ view, interim }: { view: View; interim?: InterimView | null }) {
  if (view.empty) return <EmptyState view={view} />;
  return (
    <>
      <SegmentationNote view={view} />
      <DecisionSummary view={view} interim={interim} />
      <ResponseCounts view={view} />
      <PriceBands view={view} />
      <PriceBook view={view} />
      <GaborGranger view={view} />
      <ValueMap view={view} />
      <MaxDiffShares view={view} />
      <Hypotheses view={view} interim={interim} />
      <ConceptScores view={view} />
    </>
  );
}
