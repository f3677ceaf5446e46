import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../api/endpoints.ts';
import { queryKeys } from '../api/query-keys.ts';

/** The user's latest notifications and unread count; kept live by `user:<me>` (useLiveUpdates). */
export function useNotifications() {
  return useQuery({ queryKey: queryKeys.notifications, queryFn: api.notifications });
}

/** Marking one (`id`) or all (no id) as read; the list and the bell refresh, in this tab and the others. */
export function useMarkNotificationsRead() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id?: string) => (id ? api.markNotificationRead(id) : api.markAllNotificationsRead()),
    onSettled: () => queryClient.invalidateQueries({ queryKey: queryKeys.notifications }),
  });
}
