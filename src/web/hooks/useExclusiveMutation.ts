import { useMutation, type DefaultError, type MutateOptions, type UseMutationOptions, type UseMutationResult } from '@tanstack/react-query';
import { useCallback, useRef, useState } from 'react';

/**
 * A mutation that runs one request at a time: while one is in flight, further calls are ignored,
 * and `isPending` turns true within the click that started it. TanStack Query tells its observers
 * a tick later, late enough for a double click to send twice (a second acceptance, a second demande).
 */
export function useExclusiveMutation<TData = unknown, TError = DefaultError, TVariables = void, TContext = unknown>(
  options: UseMutationOptions<TData, TError, TVariables, TContext>,
): UseMutationResult<TData, TError, TVariables, TContext> {
  const mutation = useMutation(options);
  const inFlight = useRef(false);
  const [starting, setStarting] = useState(false);
  const { mutate: send } = mutation;

  const mutate = useCallback(
    (variables: TVariables, callbacks?: MutateOptions<TData, TError, TVariables, TContext>) => {
      if (inFlight.current) return;
      inFlight.current = true;
      setStarting(true);
      send(variables, {
        ...callbacks,
        onSettled: (...settled) => {
          inFlight.current = false;
          setStarting(false);
          return callbacks?.onSettled?.(...settled);
        },
      });
    },
    [send],
  );

  return { ...mutation, mutate, isPending: starting || mutation.isPending } as UseMutationResult<TData, TError, TVariables, TContext>;
}
