import type { PersonDto, UserDto } from '../shared/schemas.ts';
import type { Actor } from './actor.ts';

export const toUserDto = (user: Actor): UserDto => ({ id: user.id, email: user.email, displayName: user.displayName });
export const toPersonDto = (user: { id: string; displayName: string }): PersonDto => ({ id: user.id, displayName: user.displayName });
