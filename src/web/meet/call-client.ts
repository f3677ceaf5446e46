import { isPoliteRole, type CallPeer, type IceConfig, type MeetServerMessage, type Signal } from '../../shared/meet.ts';
import { PeerLink } from './peer-link.ts';
import { SignalingChannel } from './signaling-channel.ts';

export type CallPhase = 'joining' | 'in-call' | 'refused' | 'replaced' | 'ended';

/** Everything the call screen shows, as one immutable snapshot (for useSyncExternalStore). */
export interface CallSnapshot {
  phase: CallPhase;
  refusal: string | null;
  callId: string | null;
  /** The socket dropped and is being reopened. */
  signalingLost: boolean;
  /** The other participant's page, and whether it is connected to the server right now. */
  remote: { peer: CallPeer; present: boolean } | null;
  connection: RTCPeerConnectionState | 'none';
  restartingIce: boolean;
  /** The other person's camera stream, then the screen they share, if any. */
  remoteCamera: MediaStream | null;
  remoteScreen: MediaStream | null;
  /** When the two were first connected (for the call timer). */
  connectedSince: number | null;
  sharingScreen: boolean;
}

export interface CallClientOptions {
  meetSessionId: string;
  ice: IceConfig;
  localStream: MediaStream | null;
}

/** Signals from a page not announced yet (its presence is on its way): kept until it is. */
const MAX_EARLY_SIGNALS = 200;

/**
 * One person's side of the call: joins over the signaling socket (again after each drop, with the
 * same page id, so the call resumes), follows the other page's presence, and keeps one PeerLink to
 * it (a new one when the other page is reloaded).
 */
export class CallClient {
  /** This page load's id in the call: a reload is a new page, a dropped socket is not. */
  readonly peerId = crypto.randomUUID();
  private snapshot: CallSnapshot = {
    phase: 'joining',
    refusal: null,
    callId: null,
    signalingLost: false,
    remote: null,
    connection: 'none',
    restartingIce: false,
    remoteCamera: null,
    remoteScreen: null,
    connectedSince: null,
    sharingScreen: false,
  };
  private readonly listeners = new Set<() => void>();
  private readonly socket: SignalingChannel;
  private link: PeerLink | undefined;
  private screen: MediaStream | null = null;
  private earlySignals: { fromPeerId: string; signal: Signal }[] = [];
  /** Signals made while the socket was down or not yet back in the call: sent once it is. */
  private outbox: { toPeerId: string; signal: Signal }[] = [];
  private joinedOnThisSocket = false;

  constructor(private readonly options: CallClientOptions) {
    this.socket = new SignalingChannel({
      onReady: () => {
        this.joinedOnThisSocket = false;
        this.update({ signalingLost: false });
        this.socket.send({ type: 'meet.join', meetSessionId: options.meetSessionId, peerId: this.peerId });
      },
      onLost: () => {
        this.joinedOnThisSocket = false;
        this.update({ signalingLost: true });
      },
      onMessage: (message) => this.receive(message),
    });
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getSnapshot = (): CallSnapshot => this.snapshot;

  async shareScreen(): Promise<void> {
    const screen = await navigator.mediaDevices.getDisplayMedia({ video: true, audio: false });
    screen.getVideoTracks()[0]?.addEventListener('ended', () => this.stopSharingScreen());
    this.screen = screen;
    this.link?.setScreen(screen);
    this.update({ sharingScreen: true });
  }

  stopSharingScreen(): void {
    for (const track of this.screen?.getTracks() ?? []) track.stop();
    this.screen = null;
    this.link?.setScreen(null);
    this.update({ sharingScreen: false });
  }

  leave(): void {
    this.sendLeave();
    this.shutDown('ended');
  }

  /**
   * The call screen is going away (navigation): the tab's socket stays open for the rest of the
   * app, so the server is told. A reload or a closed tab closes the socket, which tells it too.
   */
  dispose(): void {
    if (this.snapshot.phase === 'ended') return;
    this.sendLeave();
    this.shutDown(this.snapshot.phase);
  }

  private sendLeave(): void {
    this.socket.send({ type: 'meet.leave', meetSessionId: this.options.meetSessionId, peerId: this.peerId });
  }

  private shutDown(phase: CallPhase): void {
    for (const track of this.screen?.getTracks() ?? []) track.stop();
    this.dropLink();
    this.socket.close();
    this.update({ phase, remote: null });
  }

  private receive(message: MeetServerMessage): void {
    switch (message.type) {
      case 'meet.joined':
        this.joinedOnThisSocket = true;
        this.update({ phase: 'in-call', callId: message.callId });
        return this.flushOutbox();
      case 'meet.refused':
        if (this.snapshot.phase === 'joining') this.shutDown('refused');
        return this.update({ refusal: message.code });
      case 'meet.replaced':
        return this.shutDown('replaced');
      case 'meet.peer':
        return message.state === 'present' ? this.peerPresent(message.peer) : this.peerGone(message.peer, message.reason);
      case 'meet.signal':
        return this.signalFrom(message.fromPeerId, message.signal);
    }
  }

  private peerPresent(peer: CallPeer): void {
    if (this.snapshot.remote?.peer.peerId !== peer.peerId || !this.link) {
      this.dropLink();
      this.link = new PeerLink({
        // The roles decide, not the order messages arrive in: I am polite when the other is not.
        polite: !isPoliteRole(peer.role),
        ice: this.options.ice,
        localStream: this.options.localStream,
        sendSignal: (signal) => this.sendSignal(peer.peerId, signal),
        onChange: () => this.followLink(),
      });
      if (this.screen) this.link.setScreen(this.screen);
    }
    this.update({ remote: { peer, present: true } });
    const early = this.earlySignals.filter((s) => s.fromPeerId === peer.peerId);
    this.earlySignals = [];
    for (const { signal } of early) this.link.receive(signal);
  }

  /** A page that left is gone for good; one whose socket dropped may keep its media flowing. */
  private peerGone(peer: CallPeer, reason: string | undefined): void {
    const remote = this.snapshot.remote;
    if (remote?.peer.peerId !== peer.peerId) return;
    if (reason === 'left') {
      this.dropLink();
      this.update({ remote: null });
    } else {
      this.update({ remote: { peer, present: false } });
    }
  }

  private signalFrom(fromPeerId: string, signal: Signal): void {
    if (this.link && this.snapshot.remote?.peer.peerId === fromPeerId) return this.link.receive(signal);
    if (this.earlySignals.length < MAX_EARLY_SIGNALS) this.earlySignals.push({ fromPeerId, signal });
  }

  private sendSignal(toPeerId: string, signal: Signal): void {
    const sent = this.joinedOnThisSocket && this.socket.send({ type: 'meet.signal', meetSessionId: this.options.meetSessionId, peerId: this.peerId, toPeerId, signal });
    if (!sent) this.outbox.push({ toPeerId, signal });
  }

  private flushOutbox(): void {
    const pending = this.outbox;
    this.outbox = [];
    // Signals for a page that has since been replaced would only be dropped by the server.
    for (const { toPeerId, signal } of pending) if (toPeerId === this.snapshot.remote?.peer.peerId) this.sendSignal(toPeerId, signal);
  }

  private followLink(): void {
    const link = this.link;
    if (!link) return;
    const connection = link.pc.connectionState;
    const [camera = null, screen = null] = link.remoteStreams;
    this.update({
      connection,
      restartingIce: link.restartingIce,
      remoteCamera: camera,
      remoteScreen: screen,
      connectedSince: this.snapshot.connectedSince ?? (connection === 'connected' ? Date.now() : null),
    });
  }

  private dropLink(): void {
    this.link?.close();
    this.link = undefined;
    this.update({ connection: 'none', restartingIce: false, remoteCamera: null, remoteScreen: null });
  }

  private update(change: Partial<CallSnapshot>): void {
    this.snapshot = { ...this.snapshot, ...change };
    for (const listener of this.listeners) listener();
  }
}
