"use client";

import { useMutation } from "@tanstack/react-query";
import { useEffect, useRef, useState } from "react";
import { errorMessage } from "@/lib/error-message";
import { useTRPC } from "@/lib/trpc";

/** How long the document must rest before it is saved as the draft. */
const SAVE_AFTER_MS = 1_000;

export type DraftState = { readonly state: "clean" } | { readonly state: "saving" } | { readonly state: "saved"; readonly at: string } | { readonly state: "failed"; readonly reason: string };

/** Saves the document as the pipeline's draft once typing rests (drafts may be invalid). */
export function useDraftAutosave(pipelineId: string, text: string): DraftState {
  const trpc = useTRPC();
  const save = useMutation(trpc.pipelines.saveDraft.mutationOptions());
  const [state, setState] = useState<DraftState>({ state: "clean" });
  const saved = useRef(text);
  const { mutate } = save;
  useEffect(() => {
    if (text === saved.current) return;
    const timer = setTimeout(() => {
      setState({ state: "saving" });
      mutate(
        { pipelineId, yaml: text },
        {
          onSuccess: (result) => {
            saved.current = text;
            setState({ state: "saved", at: result.savedAt });
          },
          onError: (error) => setState({ state: "failed", reason: errorMessage(error) }),
        },
      );
    }, SAVE_AFTER_MS);
    return () => clearTimeout(timer);
  }, [text, pipelineId, mutate]);
  return state;
}
